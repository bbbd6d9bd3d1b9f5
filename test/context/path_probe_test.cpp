#include <catch2/catch.hpp>

#include "context/path_probe.h"
#include "test_support.h"

using namespace dfopt;
using namespace dfopt::test;

TEST_CASE("probe_path asks the file system unless a run's cache is active", "[context]") {
  TempDir dir;
  const auto file = dir.path() / "Dockerfile";
  CHECK(probe_path(file) == PathKind::Missing);
  write_file(file, "FROM x\n");
  CHECK(probe_path(file) == PathKind::Regular);  // no cache: always fresh
  CHECK(probe_path(dir.path()) == PathKind::Directory);

  const auto later = dir.path() / ".dockerignore";
  const auto created = dir.path() / "created";
  {
    PathProbeCache cache;
    CHECK(probe_path(later) == PathKind::Missing);
    write_file(later, "build\n");
    CHECK(probe_path(later) == PathKind::Missing);  // the run judges the tree as it found it
    CHECK(probe_path(created) == PathKind::Missing);
    write_file(created, "x");
    remember_created_file(created);  // ... except for what dfopt created itself
    CHECK(probe_path(created) == PathKind::Regular);
  }
  CHECK(probe_path(later) == PathKind::Regular);  // the cache ended with the run
}
