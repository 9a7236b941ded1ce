#include "tools/dump/core/report.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include "tools/dump/decode.hpp"

namespace kwire::dump {
namespace {

bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

const node* first_of(const node& n, std::initializer_list<std::string_view> names) {
  for (auto name : names)
    if (const auto* c = n.find(name)) return c;
  return nullptr;
}

std::string hex_lines(const protocol::bytes& b, std::size_t limit) {
  const auto shown = std::min(b.size(), limit);
  std::string out = "    " + hex_string({reinterpret_cast<const char*>(b.data()), shown});
  if (b.size() > shown) out += " ... (" + std::to_string(b.size() - shown) + " more bytes)";
  return out + "\n";
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string clock_text(double time) {
  const auto secs = static_cast<std::time_t>(time);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%06d", tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>((time - static_cast<double>(secs)) * 1e6));
  return buf;
}

std::int16_t parse_api(const std::string& text) {
  if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return protocol::find_api(static_cast<std::int16_t>(std::stoi(text))) ? static_cast<std::int16_t>(std::stoi(text)) : -1;
  for (const auto& a : protocol::all_apis())
    if (lower(std::string(a.name)) == lower(text)) return static_cast<std::int16_t>(a.key);
  return -1;
}

void reporter::learn_topic_ids(const node& n) {
  if (n.type == node::kind::object) {
    const auto* name = first_of(n, {"Name", "Topic", "TopicName"});
    const auto* id = n.find("TopicId");
    if (name && id && name->type == node::kind::string && id->type == node::kind::string && !name->text.empty() &&
        id->text != "AAAAAAAAAAAAAAAAAAAAAA")
      topic_names_[id->text] = name->text;
  }
  for (const auto& c : n.children) learn_topic_ids(c);
}

exchange_facts reporter::facts(const exchange& x) {
  exchange_facts f;
  if (x.response.decoded) learn_topic_ids(x.response.body);
  // Topics from the request (what the client asked about); from the response when the request
  // names none (Metadata for all topics) or was not seen.
  auto collect_topics = [&](const node& root) {
    std::function<void(const node&)> walk = [&](const node& n) {
      if (n.type == node::kind::array && contains(n.name, "Topic")) {
        for (const auto& e : n.children) {
          if (e.type == node::kind::string) {  // e.g. DeleteTopics TopicNames
            f.topics.push_back(e.text);
            f.topic_names.push_back(e.text);
            continue;
          }
          if (e.type != node::kind::object) continue;
          std::string name;
          if (const auto* t = first_of(e, {"Name", "Topic", "TopicName"}); t && t->type == node::kind::string)
            name = t->text;
          if (name.empty())
            if (const auto* id = e.find("TopicId"); id && id->type == node::kind::string) {
              auto it = topic_names_.find(id->text);
              name = it != topic_names_.end() ? it->second : "id:" + id->text;
            }
          if (name.empty()) continue;
          std::string parts;
          for (const auto& c : e.children) {
            if (c.type != node::kind::array || !contains(c.name, "Partition")) continue;
            for (const auto& p : c.children) {
              const node* idx = p.type == node::kind::integer ? &p : nullptr;
              if (p.type == node::kind::object) idx = first_of(p, {"PartitionIndex", "Partition", "Index"});
              if (idx && idx->type == node::kind::integer)
                parts += (parts.empty() ? "" : ",") + std::to_string(idx->integer);
            }
            break;
          }
          f.topic_names.push_back(name);
          f.topics.push_back(parts.empty() ? name : name + "[" + parts + "]");
        }
        return;
      }
      for (const auto& c : n.children) walk(c);
    };
    walk(root);
  };
  if (x.request.decoded) collect_topics(x.request.body);
  if (f.topics.empty() && x.response.decoded) collect_topics(x.response.body);

  std::function<void(const node&, bool)> walk = [&](const node& n, bool in_response) {
    for (const auto& c : n.children) {
      if (c.type == node::kind::string && (c.name == "GroupId" || c.name == "GroupsNames") && !c.text.empty())
        f.groups.push_back(c.text);
      if (c.type == node::kind::array && (c.name == "Groups" || c.name == "GroupsNames" || c.name == "GroupIds"))
        for (const auto& g : c.children)
          if (g.type == node::kind::string) f.groups.push_back(g.text);
      if (in_response && c.type == node::kind::integer && c.name.ends_with("ErrorCode") && c.integer != 0) {
        const auto code = static_cast<std::int16_t>(c.integer);
        const auto name = error_name(static_cast<broker_errc>(code));
        f.errors.push_back((name.empty() ? std::string("UNKNOWN") : std::string(name)) + "(" + std::to_string(code) + ")");
      }
      if (c.type == node::kind::string && c.name == "Error" && n.find("Batches"))
        f.errors.push_back("records: " + c.text);
      walk(c, in_response);
    }
  };
  if (x.request.decoded) walk(x.request.body, false);
  if (x.response.decoded) walk(x.response.body, true);
  for (auto* v : {&f.groups, &f.errors}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  return f;
}

bool reporter::selected(const exchange& x, const exchange_facts& f) const {
  const auto any_of = [](const std::vector<std::string>& want, const std::vector<std::string>& have) {
    if (want.empty()) return true;
    for (const auto& w : want)
      if (std::find(have.begin(), have.end(), w) != have.end()) return true;
    return false;
  };
  if (!filters_.apis.empty() && std::find(filters_.apis.begin(), filters_.apis.end(), x.key) == filters_.apis.end())
    return false;
  if (!any_of(filters_.topics, f.topic_names) || !any_of(filters_.groups, f.groups)) return false;
  if (!filters_.client_ids.empty() && (!x.client_id || !any_of(filters_.client_ids, {*x.client_id}))) return false;
  const bool failed = (x.request.present && !x.request.decoded) || (x.response.present && !x.response.decoded);
  if (filters_.errors_only && f.errors.empty() && !failed) return false;
  return true;
}

void reporter::on_exchange(const exchange& x) {
  ++exchanges_;
  auto& count = per_api_[x.key >= 0 ? api_name(x.key) : "(unknown)"];
  for (const auto* h : {&x.request, &x.response}) {
    if (!h->present) continue;
    ++frames_;
    ++(h == &x.request ? count.requests : count.responses);
    if (!h->decoded) ++undecoded_, ++count.undecoded;
    else if (!h->partial.empty()) ++partly_;
  }
  const auto f = facts(x);
  if (!selected(x, f)) return;

  const double start = x.request.present ? x.request.time : x.response.time;
  const bool both = x.request.present && x.response.present;
  const double latency_ms = both ? (x.response.time - x.request.time) * 1e3 : 0;
  std::string out;
  if (format_ == output_format::json) {
    out += "{\"time\":";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6f", start);
    out += buf;
    out += ",\"connection\":";
    append_json_string(out, x.connection);
    out += ",\"client_id\":";
    if (x.client_id) append_json_string(out, *x.client_id);
    else out += "null";
    out += ",\"api\":";
    append_json_string(out, x.key >= 0 ? api_name(x.key) : "");
    out += ",\"api_key\":" + std::to_string(x.key) + ",\"version\":" + std::to_string(x.version) +
           ",\"correlation_id\":" + std::to_string(x.correlation_id);
    if (both) {
      std::snprintf(buf, sizeof buf, "%.3f", latency_ms);
      out += ",\"latency_ms\":";
      out += buf;
    }
    auto list = [&](const char* name, const std::vector<std::string>& v) {
      out += ",\"" + std::string(name) + "\":[";
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, v[i]);
      }
      out += ']';
    };
    list("topics", f.topics);
    list("groups", f.groups);
    list("errors", f.errors);
    if (!x.assumption.empty()) out += ",\"assumption\":", append_json_string(out, x.assumption);
    if (!x.note.empty()) out += ",\"note\":", append_json_string(out, x.note);
    for (const auto* h : {&x.request, &x.response}) {
      out += h == &x.request ? ",\"request\":" : ",\"response\":";
      if (!h->present) {
        out += "null";
        continue;
      }
      std::snprintf(buf, sizeof buf, "%.6f", h->time);
      out += "{\"time\":" + std::string(buf) + ",\"bytes\":" + std::to_string(h->bytes) +
             ",\"decoded\":" + (h->decoded ? "true" : "false");
      if (h->decoded && !h->partial.empty()) out += ",\"partial\":", append_json_string(out, h->partial);
      if (h->decoded) {
        out += ",\"body\":";
        append_json(out, h->body);
      } else {
        out += ",\"reason\":";
        append_json_string(out, h->error);
        out += ",\"hex\":\"" + hex_string({reinterpret_cast<const char*>(h->raw.data()), h->raw.size()}) + "\"";
      }
      out += '}';
    }
    out += "}\n";
    return write_(out);
  }

  out += clock_text(start) + " " + x.connection;
  out += " client=" + (x.client_id ? *x.client_id : std::string("-"));
  out += " " + (x.key >= 0 ? api_name(x.key) + " v" + std::to_string(x.version) : std::string("?"));
  out += " cid=" + std::to_string(x.correlation_id);
  if (both) {
    char buf[32];
    std::snprintf(buf, sizeof buf, " %.3fms", latency_ms);
    out += buf;
  }
  out += " bytes=" + (x.request.present ? std::to_string(x.request.bytes) : std::string("-")) + "/" +
         (x.response.present ? std::to_string(x.response.bytes) : std::string("-"));
  if (!f.topics.empty()) {
    out += " topics=";
    for (std::size_t i = 0; i < f.topics.size() && i < 5; ++i) out += (i ? "," : "") + f.topics[i];
    if (f.topics.size() > 5) out += ",+" + std::to_string(f.topics.size() - 5) + " more";
  }
  if (!f.groups.empty()) {
    out += " groups=";
    for (std::size_t i = 0; i < f.groups.size(); ++i) out += (i ? "," : "") + f.groups[i];
  }
  if (!f.errors.empty()) {
    out += " errors=";
    for (std::size_t i = 0; i < f.errors.size(); ++i) out += (i ? "," : "") + f.errors[i];
  }
  if (!x.note.empty()) out += " (" + x.note + ")";
  out += "\n";
  if (!x.assumption.empty()) out += "  assumption: " + x.assumption + "\n";
  for (const auto* h : {&x.request, &x.response}) {
    const char* what = h == &x.request ? "request" : "response";
    if (h->present && !h->decoded) {
      out += "  UNDECODED " + std::string(what) + ": " + h->error + "\n";
      out += hex_lines(h->raw, format_ == output_format::verbose ? 4096 : 64);
    } else if (h->present && !h->partial.empty()) {
      out += "  PARTLY DECODED " + std::string(what) + ": " + h->partial + "\n";
      if (format_ == output_format::verbose) append_tree(out, h->body, 4);
    } else if (h->present && format_ == output_format::verbose) {
      out += "  " + std::string(what) + ":\n";
      append_tree(out, h->body, 4);
    }
  }
  write_(out);
}

void reporter::on_garbage(const garbage& g) {
  ++undecoded_;
  ++garbage_;
  ++frames_;
  if (format_ == output_format::json) {
    std::string out = "{\"time\":";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6f", g.time);
    out += buf;
    out += ",\"connection\":";
    append_json_string(out, g.connection);
    out += std::string(",\"undecoded\":true,\"direction\":\"") + (g.to_server ? "request" : "response") +
           "\",\"bytes\":" + std::to_string(g.bytes) + ",\"reason\":";
    append_json_string(out, g.reason);
    out += ",\"hex\":\"" + hex_string({reinterpret_cast<const char*>(g.head.data()), g.head.size()}) + "\"}\n";
    return write_(out);
  }
  write_(clock_text(g.time) + " " + g.connection + " UNDECODED " + std::to_string(g.bytes) + " bytes " +
         (g.to_server ? "to the broker" : "to the client") + ": " + g.reason + "\n" + hex_lines(g.head, 256));
}

void reporter::print_summary() {
  std::string out;
  if (format_ == output_format::json) {
    out = "{\"summary\":{\"exchanges\":" + std::to_string(exchanges_) + ",\"frames\":" + std::to_string(frames_) +
          ",\"undecoded\":" + std::to_string(undecoded_) + ",\"garbage\":" + std::to_string(garbage_) +
          ",\"partly_decoded\":" + std::to_string(partly_) + ",\"apis\":{";
    bool first = true;
    for (const auto& [name, c] : per_api_) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, name);
      out += ":{\"requests\":" + std::to_string(c.requests) + ",\"responses\":" + std::to_string(c.responses) +
             ",\"undecoded\":" + std::to_string(c.undecoded) + "}";
    }
    out += "}}}\n";
    return write_(out);
  }
  out = "summary: " + std::to_string(frames_) + " frames in " + std::to_string(exchanges_) + " exchanges, " +
        std::to_string(undecoded_) + " undecoded (" + std::to_string(garbage_) + " runs of non-frame bytes)" +
        (partly_ ? ", " + std::to_string(partly_) + " decoded in part (versions newer than kwire knows)" : "") + "\n";
  for (const auto& [name, c] : per_api_) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "  %-30s %6zu requests %6zu responses %6zu undecoded\n", name.c_str(), c.requests,
                  c.responses, c.undecoded);
    out += buf;
  }
  write_(out);
}

}  // namespace kwire::dump
