// dockerfile-utils: validate() every file with the default settings (work = number of diagnostics).
'use strict';
const { setup, runAll } = require('./common');
const { files, req } = setup();
const { validate } = req('dockerfile-utils');
runAll(files, (content) => validate(content).length);
