#include "transforms/registry.h"

#include "syntax/text.h"

namespace dfopt {

const std::vector<const Rule*>& all_rules() {
  static const std::vector<std::unique_ptr<Rule>> owned = [] {
    std::vector<std::unique_ptr<Rule>> rules;
    rules.push_back(make_apt_update_separate());
    // cd -> WORKDIR before merging, so a merge cannot bury the cd in the middle of a chain.
    rules.push_back(make_cd_to_workdir());
    rules.push_back(make_consecutive_run());
    rules.push_back(make_apt_get_yes());
    rules.push_back(make_apt_lists_cleanup());
    rules.push_back(make_apt_no_install_recommends());
    rules.push_back(make_apt_to_apt_get());
    rules.push_back(make_pip_no_cache_dir());
    rules.push_back(make_apk_no_cache());
    rules.push_back(make_npm_yarn_cache_clean());
    rules.push_back(make_rpm_clean_all());
    rules.push_back(make_gem_no_document());
    rules.push_back(make_useradd_no_log_init());
    rules.push_back(make_gpg_batch());
    rules.push_back(make_npm_cache_clean_force());
    rules.push_back(make_checksum_two_spaces());
    rules.push_back(make_curl_fail());
    rules.push_back(make_curl_location());
    rules.push_back(make_archive_cleanup());
    rules.push_back(make_no_sudo());
    rules.push_back(make_exec_form());
    rules.push_back(make_add_url());
    rules.push_back(make_add_to_copy());
    rules.push_back(make_copy_order());
    rules.push_back(make_dependency_layer());
    rules.push_back(make_untagged_base_image());
    rules.push_back(make_root_user());
    rules.push_back(make_secret_in_arg_or_env());
    rules.push_back(make_unpinned_packages());
    rules.push_back(make_heavy_base_image());
    rules.push_back(make_single_stage_build_tools());
    rules.push_back(make_copy_whole_context());
    rules.push_back(make_plain_http_download());
    rules.push_back(make_maintainer_to_label());
    rules.push_back(make_env_key_value());
    rules.push_back(make_consistent_case());
    return rules;
  }();
  static const std::vector<const Rule*> view = [] {
    std::vector<const Rule*> out;
    for (const auto& rule : owned) out.push_back(rule.get());
    return out;
  }();
  return view;
}

const Rule* find_rule(std::string_view id_or_name) {
  for (const Rule* rule : all_rules())
    if (iequals(rule->info().id, id_or_name) || iequals(rule->info().name, id_or_name)) return rule;
  return nullptr;
}

}  // namespace dfopt
