// The CLI's shell without a broker: usage on every help form (stdout, exit 0), usage on bad use
// (stderr, exit 2), "did you mean" for a typo'd subcommand, and the settings errors that come
// before any connection.

#include <gtest/gtest.h>

#include "tests/cli/cli_run.hpp"

namespace kwire::test {
namespace {

const char* const subcommands[] = {"apis", "metadata", "produce", "consume", "lag"};
const std::string no_broker = "env -u KWIRE_BOOTSTRAP";

TEST(CliHelp, TopLevelHelpListsEverySubcommandWithoutABroker) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--help"}, {"-h"}, {"help"}, {"help", "help"}}) {
    const auto r = kwire(args, "", no_broker);
    EXPECT_EQ(r.status, 0) << args[0] << ": " << r.err;
    EXPECT_EQ(r.out.rfind("usage: kwire SUBCOMMAND", 0), 0u) << r.out;
    for (const char* s : subcommands) EXPECT_NE(r.out.find(std::string("\n  ") + s + " "), std::string::npos) << s;
    EXPECT_EQ(r.err, "");
  }
}

TEST(CliHelp, FlagsBeforeTheSubcommandAreBadUse) {
  const auto r = kwire({"-b", "localhost:9092", "metadata"}, "", no_broker);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("kwire: '-b' before the subcommand: flags go after it\nusage: kwire SUBCOMMAND"),
            std::string::npos)
      << r.err;
}

TEST(CliHelp, NoArgumentsIsBadUse) {
  const auto r = kwire({}, "", no_broker);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("usage: kwire SUBCOMMAND", 0), 0u) << r.err;
}

TEST(CliHelp, EverySubcommandsHelpBothWays) {
  for (const char* s : subcommands) {
    const auto a = kwire({"help", s}, "", no_broker);
    const auto b = kwire({s, "--help"}, "", no_broker);
    const auto c = kwire({s, "-h"}, "", no_broker);
    EXPECT_EQ(a.status, 0) << s << ": " << a.err;
    EXPECT_EQ(a.out.rfind(std::string("usage: kwire ") + s, 0), 0u) << s << ": " << a.out;
    EXPECT_NE(a.out.find("--command-config FILE"), std::string::npos) << s << ": " << a.out;
    EXPECT_NE(a.out.find("-X key=value"), std::string::npos) << s;
    EXPECT_EQ(a.err, "") << s;
    EXPECT_EQ(b.status, 0) << s;
    EXPECT_EQ(b.out, a.out) << s;
    EXPECT_EQ(c.status, 0) << s;
    EXPECT_EQ(c.out, a.out) << s;
  }
}

TEST(CliHelp, TypoedSubcommandGetsDidYouMean) {
  auto r = kwire({"metdata"}, "", no_broker);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unknown subcommand 'metdata' (did you mean 'metadata'?)"), std::string::npos) << r.err;
  r = kwire({"help", "consme"}, "", no_broker);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("(did you mean 'consume'?)"), std::string::npos) << r.err;
  r = kwire({"zzzzzzzzzz"}, "", no_broker);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unknown subcommand 'zzzzzzzzzz'"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << r.err;
}

TEST(CliHelp, BadFlagsPrintTheSubcommandsUsage) {
  for (const char* s : subcommands) {
    const auto r = kwire({s, "--no-such-flag"}, "", no_broker);
    EXPECT_EQ(r.status, 2) << s;
    EXPECT_EQ(r.out, "") << s;
    EXPECT_NE(r.err.find("unknown flag or missing value: '--no-such-flag'"), std::string::npos) << s << ": " << r.err;
    EXPECT_NE(r.err.find(std::string("usage: kwire ") + s), std::string::npos) << s << ": " << r.err;
    const auto missing = kwire({s, "--command-config"}, "", no_broker);
    EXPECT_EQ(missing.status, 2) << s;
    EXPECT_NE(missing.err.find("'--command-config'"), std::string::npos) << s << ": " << missing.err;
  }
}

TEST(CliHelp, NoBrokerAnywhereIsNamed) {
  const auto r = kwire({"metadata"}, "", no_broker);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("kwire metadata: no broker"), std::string::npos) << r.err;
}

TEST(CliHelp, AMissingCommandConfigFileIsNamed) {
  for (const char* s : {"apis", "metadata", "lag"}) {
    std::vector<std::string> args{s, "-b", "127.0.0.1:1", "--command-config", "/nonexistent/client.properties"};
    if (std::string(s) == "lag") args.insert(args.end(), {"-g", "g"});
    const auto r = kwire(args, "", no_broker);
    EXPECT_EQ(r.status, 2) << s;
    EXPECT_NE(r.err.find("--command-config /nonexistent/client.properties: cannot be read"), std::string::npos)
        << s << ": " << r.err;
  }
}

TEST(CliHelp, BadSettingsInTheFileOrInXAreNamed) {
  const auto file = write_file("bad.properties", "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n");
  auto r = kwire({"metadata", "-b", "127.0.0.1:1", "--command-config", file}, "", no_broker);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("kwire metadata: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("sasl.username"), std::string::npos) << r.err;
  r = kwire({"produce", "-t", "x", "-b", "127.0.0.1:1", "-X", "linger.ms=soon"}, "", no_broker);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("linger.ms"), std::string::npos) << r.err;
  r = kwire({"consume", "-t", "x", "-b", "127.0.0.1:1", "-X", "no-equals-sign"}, "", no_broker);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("no-equals-sign"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kwire::test
