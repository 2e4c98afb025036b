package main

import (
	"os"
	"os/exec"
)

func main() {
	cmd := exec.Command("pnpm", "publish", "-r", "--no-git-checks")
	cmd.Stdout = os.Stdout
	_ = cmd.Run()
}
