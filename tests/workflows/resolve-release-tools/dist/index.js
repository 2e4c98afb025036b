const core = require('@actions/core')
require('./run')(core.getInput('dry_run') === 'true')
