// dockerfile-utils: format() every file (returns the text edits; work = number of edits).
'use strict';
const { setup, runAll } = require('./common');
const { files, req } = setup();
const { format } = req('dockerfile-utils');
runAll(files, (content) => format(content, { insertSpaces: true, tabSize: 4 }).length);
