// kwire consume -b B -t T [-g GROUP] [-p PARTITION] [-o beginning|end|OFFSET|@TIMESTAMP_MS]
//               [-c COUNT] [-e] [-f FORMAT] [--json] [-X key=value]... [--command-config FILE]
// With -g and no -p the consumer joins GROUP and gets partitions from it (-o beginning|end is
// then auto.offset.reset: it applies only where the group has no commit). Otherwise it assigns
// -p (or every partition of T) and starts at -o (default: the group's commit with -g, else the
// beginning). -c stops after COUNT records, -e at the end of every assigned partition. With -g
// the offsets of the records printed are committed on exit (enable.auto.commit, as set).

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tools/cli/settings.hpp"
#include <kwire/consumer/consumer_blocking.hpp>
#include "tools/cli/format.hpp"

namespace {

using namespace kwire;

// To stdout with exit 0 for -h/--help, to stderr with exit 2 for bad use.
int usage(std::FILE* out = stderr, int status = 2) {
  std::fprintf(out,
               "usage: kwire consume [-b HOST:PORT[,...]] -t TOPIC [-g GROUP] [-p PARTITION]\n"
               "                     [-o beginning|end|OFFSET|@TIMESTAMP_MS] [-c COUNT] [-e]\n"
               "                     [-f FORMAT] [--json] [-X key=value]... [--command-config FILE]\n"
               "prints records (any consumer property by -X or the file)\n"
               "  -t, --topic TOPIC          the topic\n"
               "  -g, --group GROUP          join GROUP (without -p), or commit to it; -o is then auto.offset.reset\n"
               "  -p, --partition N          this partition only (default: every partition)\n"
               "  -o, --offset WHERE         beginning, end, an offset or @TIMESTAMP_MS\n"
               "  -c, --count N              stop after N records; -e: stop at the end of every partition\n"
               "  -f, --format FMT           tokens %%t %%p %%o %%T %%k %%s %%K %%S %%h (default \"%%s\\n\")\n"
               "  --json                     one JSON object per record\n"
               "%s",
               cli::common_flags_help);
  return status;
}

bool parse_int(const char* s, long long min, long long& out) {
  char* end = nullptr;
  out = std::strtoll(s, &end, 10);
  return *s && !*end && out >= min;
}

// Whether every assigned partition's position has reached its end offset (-e). The lookup
// retries what is retriable (a leader not known yet) within default.api.timeout.ms, so when it
// still fails the end cannot be known: that throws, and -e ends with the lookup's error rather
// than polling and asking again forever (a broker that never answers kept it running in silence).
// `behind` gets the partitions not there yet, as "T-P at POSITION of END".
bool at_end(kwire::blocking_consumer& c, std::string& behind) {
  behind.clear();
  const auto parts = c.assignment();
  if (parts.empty()) return false;
  const auto ends = c.end_offsets(parts);
  bool done = true;
  for (const auto& tp : parts) {
    auto end = ends.find(tp);
    const auto position = c.position(tp);
    if (end != ends.end() && position >= end->second) continue;
    done = false;
    if (!behind.empty()) behind += ", ";
    behind += tp.topic + "-" + std::to_string(tp.partition) + " at " + std::to_string(position);
    if (end != ends.end()) behind += " of " + std::to_string(end->second);
  }
  return done;
}

}  // namespace

int consume_main(int argc, char** argv) {
  cli::common_flags flags;
  std::string topic, group, offset_spec, format_spec(client::record_format::default_spec);
  std::optional<std::int32_t> partition;
  long long count = -1;
  bool exit_at_end = false, json = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    const bool has_value = i + 1 < argc;
    long long n = 0;
    if (a == "-h" || a == "--help") return usage(stdout, 0);
    const auto took = flags.take(argc, argv, i);
    if (took == cli::common_flags::took::missing_value) return cli::bad_argument("consume", a), usage();
    if (took == cli::common_flags::took::yes) continue;
    if ((a == "-t" || a == "--topic") && has_value) topic = argv[++i];
    else if ((a == "-g" || a == "--group") && has_value) group = argv[++i];
    else if ((a == "-o" || a == "--offset") && has_value) offset_spec = argv[++i];
    else if ((a == "-f" || a == "--format") && has_value) format_spec = argv[++i];
    else if (a == "-e") exit_at_end = true;
    else if (a == "--json") json = true;
    else if ((a == "-p" || a == "--partition") && has_value) {
      if (!parse_int(argv[++i], 0, n) || n > INT32_MAX) {
        std::fprintf(stderr, "kwire consume: -p: expected a partition number, got '%s'\n", argv[i]);
        return 2;
      }
      partition = static_cast<std::int32_t>(n);
    } else if ((a == "-c" || a == "--count") && has_value) {
      if (!parse_int(argv[++i], 1, count)) {
        std::fprintf(stderr, "kwire consume: -c: expected a positive count, got '%s'\n", argv[i]);
        return 2;
      }
    } else {
      return cli::bad_argument("consume", a), usage();
    }
  }
  if (topic.empty()) {
    std::fprintf(stderr, "kwire consume: -t TOPIC is required\n");
    return usage();
  }
  // -o: beginning | end | OFFSET | @TIMESTAMP_MS.
  std::optional<std::int64_t> start_offset, start_time, start_special;
  if (offset_spec == "beginning") start_special = client::earliest_timestamp;
  else if (offset_spec == "end") start_special = client::latest_timestamp;
  else if (!offset_spec.empty()) {
    long long n = 0;
    const bool at = offset_spec[0] == '@';
    if (!parse_int(offset_spec.c_str() + (at ? 1 : 0), 0, n)) {
      std::fprintf(stderr, "kwire consume: -o: expected beginning, end, an offset or @TIMESTAMP_MS, got '%s'\n",
                   offset_spec.c_str());
      return 2;
    }
    (at ? start_time : start_offset) = n;
  }
  const bool subscribe = !group.empty() && !partition;
  if (subscribe && (start_offset || start_time)) {
    std::fprintf(stderr, "kwire consume: -o OFFSET and -o @TIME need -p (in a group, -o is beginning or end)\n");
    return 2;
  }
  auto parsed = client::record_format::parse(format_spec);
  if (!parsed) {
    std::fprintf(stderr, "kwire consume: -f: %s\n", parsed.detail.c_str());
    return 2;
  }

  client::properties props;
  if (!group.empty()) props["group.id"] = group;
  if (start_special) props["auto.offset.reset"] = *start_special == client::earliest_timestamp ? "earliest" : "latest";
  else if (group.empty()) props["auto.offset.reset"] = "earliest";
  client::consumer_config cfg;
  if (!cli::settings("consume", flags, props, &client::parse_consumer_config, cfg)) return 2;
  // A position the consumer moves by itself (out of range, a truncated log) is said, never silent.
  cfg.on_offset_reset = [](const client::offset_reset_event& e) {
    std::fprintf(stderr, "%% %s\n", client::describe(e).c_str());
  };

  kwire::blocking_consumer c(cfg);
  auto fail = [](const char* what, const kwire::error& e) {
    std::fprintf(stderr, "kwire consume: %s: %s\n", what, e.what());
    return 1;
  };
  try {
    c.start();
  } catch (const kwire::error& e) {
    return fail("bootstrap", e);
  }
  if (subscribe) {
    c.subscribe({topic});
  } else {
    // The topic's partitions from the metadata: a -p the topic does not have fails now, naming
    // what it has (assigned, it would only wait for a leader that never comes).
    std::vector<kwire::topic_partition> parts;
    try {
      const auto all = c.partitions_for_topic(topic);
      for (const auto& p : all)
        if (!partition || p.partition == *partition) parts.push_back({topic, p.partition});
      if (partition && parts.empty() && !all.empty()) {
        const auto count = all.size();
        std::fprintf(stderr, "kwire consume: -p %d: topic %s has %zu partition%s (0..%zu), not partition %d\n",
                     *partition, topic.c_str(), count, count == 1 ? "" : "s", count - 1, *partition);
        return 1;
      }
    } catch (const kwire::error& e) {
      return fail("metadata", e);
    }
    c.assign(parts);
    if (start_special) {
      (*start_special == kwire::earliest_timestamp) ? c.seek_to_beginning(parts) : c.seek_to_end(parts);
    } else if (start_offset) {
      for (const auto& tp : parts) c.seek(tp, *start_offset);
    } else if (start_time) {
      std::map<kwire::topic_partition, std::int64_t> ts;
      for (const auto& tp : parts) ts[tp] = *start_time;
      try {
        for (const auto& [tp, r] : c.offsets_for_times(ts)) {
          if (r.get().offset >= 0) c.seek(tp, r.value.offset);  // get() throws this partition's error
          else c.seek_to_end({tp});  // no record at or after the time
        }
      } catch (const kwire::error& e) {
        return fail("ListOffsets", e);
      }
    }
  }

  std::map<kwire::topic_partition, std::int64_t> printed;  // last offset printed + 1
  long long n = 0;
  std::string out;
  int rc = 0;
  // -e: the end offsets are known but no record comes (a Fetch never answered is retried in
  // silence, as Java's consumer does): after default.api.timeout.ms without a record while
  // behind, the run ends saying where each partition stands rather than waiting forever.
  auto last_progress = std::chrono::steady_clock::now();
  std::string behind;
  while (count < 0 || n < count) {
    kwire::records batch;
    try {
      batch = c.poll(std::chrono::milliseconds(500));
    } catch (const kwire::error& e) {
      rc = fail("poll", e);
      break;
    }
    for (const auto& rec : batch) {
      if (count >= 0 && n >= count) break;
      out.clear();
      if (json) client::append_json(out, rec);
      else parsed.format.append(out, rec);
      std::fwrite(out.data(), 1, out.size(), stdout);
      printed[{rec.topic(), rec.partition()}] = rec.offset() + 1;
      ++n;
    }
    std::fflush(stdout);
    const auto now = std::chrono::steady_clock::now();
    if (!batch.empty()) last_progress = now;
    if (!exit_at_end || !batch.empty()) continue;
    if (!behind.empty() && now - last_progress >= cfg.default_api_timeout) {
      std::fprintf(stderr,
                   "kwire consume: -e: timed out: no record fetched for %lld ms (default.api.timeout.ms) while "
                   "behind the end offsets (%s)\n",
                   static_cast<long long>(cfg.default_api_timeout.count()), behind.c_str());
      rc = 1;
      break;
    }
    try {
      if (at_end(c, behind)) break;
    } catch (const kwire::error& e) {
      rc = fail("end offsets (-e)", e);
      break;
    }
  }
  // A batch cut short by -c: what was not printed must not count as consumed.
  for (const auto& [tp, next] : printed) c.seek(tp, next);
  try {
    c.close();
  } catch (const kwire::error& e) {
    if (rc == 0) rc = fail("close", e);
  }
  std::fprintf(stderr, "%% %lld record%s consumed\n", n, n == 1 ? "" : "s");
  return rc;
}
