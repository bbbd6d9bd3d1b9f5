// Prints the versions this build happened to get.
const { execSync } = require("child_process");
for (const name of ["left-pad", "semver"]) {
  console.log(name, require(`${name}/package.json`).version);
}
console.log("typescript", execSync("tsc --version").toString().trim());
