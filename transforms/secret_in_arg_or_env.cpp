// DF303 secret-in-arg-or-env: ARG or ENV names that look like secrets (report only).
#include "syntax/text.h"
#include "syntax/words.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Reports `ARG` and `ENV` instructions whose variable name looks like a secret: a `_`-separated
part of the name is `password`, `passwd`, `pword`, `secret`, `token`, `apikey`, `auth`,
`credential(s)` or `key`, as in BuildKit's check. Names with a part that says the value is not
the secret itself (`PUBLIC`, `GPG`, `FILE`, `PATH`, `DIR`, `ID`, `NAME`, `URL`, `SIGNING`,
`RELEASE`, `FINGERPRINT`) are not reported.

## Why is this bad?
`ENV` values are stored in the image config, and `ARG` values in the build history and the
provenance of the image: anyone who can pull the image can read them. Pass secrets with
`RUN --mount=type=secret,id=...` (or a build secret in your CI) so they never reach a layer or
the metadata. BuildKit: SecretsUsedInArgOrEnv; hadolint: DL3064-like.

## Example
```dockerfile
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc && npm ci
```

## Use instead
```dockerfile
RUN --mount=type=secret,id=npm_token \
    NPM_TOKEN="$(cat /run/secrets/npm_token)" npm ci
```

## Fix safety
Report only: moving a secret to a build secret changes how the build is invoked.
)md";

const RuleInfo kInfo{
    .id = "DF303",
    .name = "secret-in-arg-or-env",
    .summary = "Do not pass secrets through ARG or ENV",
    .doc = kDoc,
    .fix = FixAvailability::None,
    .references = {"BuildKit: SecretsUsedInArgOrEnv"},
};

// BuildKit's test is a part of the name (split at '_') being one of the secret words, unless a
// part says "public". Parts that name where or which secret (FILE, PATH, ID, a key's
// FINGERPRINT or a SIGNING/RELEASE key, which are public) are not secrets themselves.
bool looks_secret(std::string_view name) {
  static constexpr std::string_view kSecret[] = {"password", "passwd", "pword", "secret", "token",
                                                 "apikey", "auth", "credential", "credentials",
                                                 "key"};
  static constexpr std::string_view kNotSecret[] = {"public", "pub", "gpg", "keyserver", "file",
                                                    "path", "dir", "id", "name", "url", "signing",
                                                    "release", "fingerprint", "length", "size"};
  std::string lower = to_lower(name);
  bool secret = false;
  std::size_t start = 0;
  while (start <= lower.size()) {
    std::size_t end = std::min(lower.find('_', start), lower.size());
    std::string_view part = std::string_view(lower).substr(start, end - start);
    for (std::string_view word : kNotSecret)
      if (part == word) return false;
    for (std::string_view word : kSecret)
      if (part == word) secret = true;
    start = end + 1;
  }
  return secret;
}

class SecretInArgOrEnv final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    for (const Node* node : doc.instructions()) {
      const Instruction& ins = *node->instruction;
      std::vector<std::string> names;
      if (ins.keyword == Keyword::Env)
        for (std::size_t i = 0; i < ins.arguments.size(); i += 3)
          names.push_back(ins.arguments[i]);
      if (ins.keyword == Keyword::Arg)
        for (const std::string& word : ins.arguments) names.push_back(word.substr(0, word.find('=')));
      for (const std::string& name : names)
        if (looks_secret(name))
          findings.push_back({std::string(kInfo.id), ins.keyword_span.begin,
                              std::string(keyword_name(ins.keyword)) + " " + name +
                                  " looks like a secret: ARG and ENV values stay readable in the "
                                  "image; use RUN --mount=type=secret",
                              std::nullopt});
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_secret_in_arg_or_env() { return std::make_unique<SecretInArgOrEnv>(); }

}  // namespace dfopt
