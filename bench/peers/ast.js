// dockerfile-ast: parse every file (and walk the instructions so nothing is left lazy).
'use strict';
const { setup, runAll } = require('./common');
const { files, req } = setup();
const { DockerfileParser } = req('dockerfile-ast');
runAll(files, (content) => {
  const df = DockerfileParser.parse(content);
  let n = 0;
  for (const ins of df.getInstructions()) n += ins.getArguments().length + 1;
  return n;
});
