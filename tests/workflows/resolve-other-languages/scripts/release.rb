#!/usr/bin/env ruby
# Tags the release; publishing happens elsewhere.
system("git", "tag", ARGV[0]) or abort("tag failed")
puts "now run npm publish from CI"
