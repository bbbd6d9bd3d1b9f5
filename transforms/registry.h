#pragma once
// Every rule dfopt ships, in the order they run.
#include <memory>
#include <vector>

#include "rules/rule.h"

namespace dfopt {

// All rules, in pipeline order; built once.
const std::vector<const Rule*>& all_rules();

// Looks a rule up by id or name (case-insensitive); nullptr when unknown.
const Rule* find_rule(std::string_view id_or_name);

// One factory per file under transforms/.
std::unique_ptr<Rule> make_apt_update_separate();
std::unique_ptr<Rule> make_consecutive_run();
std::unique_ptr<Rule> make_apt_get_yes();
std::unique_ptr<Rule> make_apt_lists_cleanup();
std::unique_ptr<Rule> make_apt_no_install_recommends();
std::unique_ptr<Rule> make_apt_to_apt_get();
std::unique_ptr<Rule> make_pip_no_cache_dir();
std::unique_ptr<Rule> make_apk_no_cache();
std::unique_ptr<Rule> make_npm_yarn_cache_clean();
std::unique_ptr<Rule> make_rpm_clean_all();
std::unique_ptr<Rule> make_gem_no_document();
std::unique_ptr<Rule> make_useradd_no_log_init();
std::unique_ptr<Rule> make_gpg_batch();
std::unique_ptr<Rule> make_npm_cache_clean_force();
std::unique_ptr<Rule> make_checksum_two_spaces();
std::unique_ptr<Rule> make_curl_fail();
std::unique_ptr<Rule> make_archive_cleanup();
std::unique_ptr<Rule> make_curl_location();
std::unique_ptr<Rule> make_plain_http_download();
std::unique_ptr<Rule> make_no_sudo();
std::unique_ptr<Rule> make_cd_to_workdir();
std::unique_ptr<Rule> make_exec_form();
std::unique_ptr<Rule> make_add_url();
std::unique_ptr<Rule> make_add_to_copy();
std::unique_ptr<Rule> make_copy_order();
std::unique_ptr<Rule> make_dependency_layer();
std::unique_ptr<Rule> make_untagged_base_image();
std::unique_ptr<Rule> make_root_user();
std::unique_ptr<Rule> make_secret_in_arg_or_env();
std::unique_ptr<Rule> make_unpinned_packages();
std::unique_ptr<Rule> make_heavy_base_image();
std::unique_ptr<Rule> make_single_stage_build_tools();
std::unique_ptr<Rule> make_copy_whole_context();
std::unique_ptr<Rule> make_maintainer_to_label();
std::unique_ptr<Rule> make_env_key_value();
std::unique_ptr<Rule> make_consistent_case();

}  // namespace dfopt
