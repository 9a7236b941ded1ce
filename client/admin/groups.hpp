#pragma once
// Admin calls on consumer groups: list, describe (classic and consumer groups), delete, remove
// members; committed offsets: list, alter, delete; lag.
//
//   kwire::blocking_admin a({{"bootstrap.servers", "localhost:9092"}});
//   for (const auto& g : a.list_groups()) std::cout << g.group_id << ' ' << g.state << '\n';
//   auto d = a.describe_groups({"billing"}).at("billing").get();
//   for (const auto& m : d.members) ... m.client_id, m.client_host, m.assignment
//   a.alter_group_offsets("billing", {{{"orders", 0}, {.offset = 42}}}).at({"orders", 0}).get();
//
// Routing: ListGroups goes to every broker (each knows only the groups it coordinates) and the
// answers are merged; everything else goes to the group's coordinator. Each group (describe,
// delete), member (remove) or partition (alter and delete offsets) has its own outcome.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <kwire/admin/admin_core.hpp>
#include <kwire/consumer/lag.hpp>
#include <kwire/topic_partition.hpp>

namespace kwire::client {

// ---- what a user hands over and gets back ----

struct group_listing {
  std::string group_id;
  std::string protocol_type;  // "consumer" for consumer groups; "" for a group only used for commits
  std::string state;          // "Stable", "Empty", "PreparingRebalance", ...
  std::string type;           // "classic", "consumer", "share", ... (ListGroups v5+, Kafka 3.8+; "" before)
};
using group_listings = std::vector<group_listing>;  // sorted by group id

struct list_groups_options : admin_options {
  std::vector<std::string> states;  // only groups in these states (ListGroups v4+)
  std::vector<std::string> types;   // only groups of these types (ListGroups v5+; older brokers refuse)
};

struct group_member {
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::string client_id;
  std::string client_host;
  std::vector<topic_partition> assignment;     // decoded from the consumer protocol / the group's assignment
  std::vector<std::string> subscribed_topics;  // what the member subscribes to
  std::int32_t member_epoch = -1;              // consumer groups only
};

struct group_description {
  std::string group_id;
  std::string type;           // "classic" (DescribeGroups) or "consumer" (KIP-848, ConsumerGroupDescribe)
  std::string state;
  std::string protocol_type;  // classic: "consumer" for consumer groups
  std::string assignor;       // classic: the protocol chosen ("range", ...); consumer: the server assignor
  std::int32_t group_epoch = -1;  // consumer groups only
  std::vector<group_member> members;
  // Java's AclOperation names when asked for (describe_groups_options) and given: what the
  // caller may do to the group (decode_authorized_operations, <kwire/admin/security.hpp>).
  std::optional<std::vector<std::string>> authorized_operations;
};
using described_groups = std::map<std::string, result<group_description>>;
struct describe_groups_options : admin_options {
  bool include_authorized_operations = false;  // DescribeGroups v3+ / ConsumerGroupDescribe
};

using deleted_groups = std::map<std::string, result<std::monostate>>;

// remove_members with an empty list removes every member the group has (as DescribeGroups
// names them at that moment).
struct member_to_remove {
  std::string member_id;                        // a dynamic member
  std::optional<std::string> group_instance_id; // or a static one (group.instance.id)
};
struct remove_members_options : admin_options {
  std::string reason = "the admin client removed it";
};
// Keyed by the group.instance.id when given, else by the member id.
using removed_members = std::map<std::string, result<std::monostate>>;

struct group_offset {
  std::int64_t offset = -1;  // -1: no commit for the partition
  std::int32_t leader_epoch = -1;
  std::string metadata;
};
using group_offsets = std::map<topic_partition, group_offset>;

struct list_group_offsets_options : admin_options {
  std::optional<std::vector<topic_partition>> partitions;  // absent: every partition the group committed
};

using altered_group_offsets = std::map<topic_partition, result<std::monostate>>;
using deleted_group_offsets = std::map<topic_partition, result<std::monostate>>;

// ---- the family's functions (groups.cpp) ----

namespace admin_detail {
void list_groups(admin_core& a, list_groups_options options, admin_core::detailed<group_listings> done);
void describe_groups(admin_core& a, std::vector<std::string> groups, describe_groups_options options,
                     admin_core::detailed<described_groups> done);
void delete_groups(admin_core& a, std::vector<std::string> groups, admin_options options,
                   admin_core::detailed<deleted_groups> done);
void remove_members(admin_core& a, std::string group, std::vector<member_to_remove> members,
                    remove_members_options options, admin_core::detailed<removed_members> done);
void list_group_offsets(admin_core& a, std::string group, list_group_offsets_options options,
                        admin_core::detailed<group_offsets> done);
void alter_group_offsets(admin_core& a, std::string group, group_offsets offsets, admin_options options,
                         admin_core::detailed<altered_group_offsets> done);
void delete_group_offsets(admin_core& a, std::string group, std::vector<topic_partition> partitions,
                          admin_options options, admin_core::detailed<deleted_group_offsets> done);
void group_lag(admin_core& a, std::string group, admin_options options, admin_core::detailed<lag_report> done);
}  // namespace admin_detail

// ---- asynchronous calls: kwire::admin inherits these ----
// The blocking forms below take the same arguments; each async_X(args..., [error_info&,] token).
template <class Self>
class groups_calls {
 public:
  template <class Token>
  auto async_list_groups(list_groups_options options, error_info& diag, Token&& token) {
    return core().template initiate<group_listings>(&diag, std::forward<Token>(token),
        [options = std::move(options)](admin_core& a, auto h) mutable { admin_detail::list_groups(a, std::move(options), std::move(h)); });
  }
  template <class Token>
  auto async_list_groups(list_groups_options options, Token&& token) {
    return async_list_groups(std::move(options), admin_core::discard(), std::forward<Token>(token));
  }

  template <class Token>
  auto async_describe_groups(std::vector<std::string> groups, describe_groups_options options, error_info& diag, Token&& token) {
    return core().template initiate<described_groups>(&diag, std::forward<Token>(token),
        [groups = std::move(groups), options](admin_core& a, auto h) mutable {
          admin_detail::describe_groups(a, std::move(groups), options, std::move(h));
        });
  }
  template <class Token>
  auto async_describe_groups(std::vector<std::string> groups, describe_groups_options options, Token&& token) {
    return async_describe_groups(std::move(groups), options, admin_core::discard(), std::forward<Token>(token));
  }

  template <class Token>
  auto async_delete_groups(std::vector<std::string> groups, admin_options options, error_info& diag, Token&& token) {
    return core().template initiate<deleted_groups>(&diag, std::forward<Token>(token),
        [groups = std::move(groups), options](admin_core& a, auto h) mutable {
          admin_detail::delete_groups(a, std::move(groups), options, std::move(h));
        });
  }
  template <class Token>
  auto async_delete_groups(std::vector<std::string> groups, admin_options options, Token&& token) {
    return async_delete_groups(std::move(groups), options, admin_core::discard(), std::forward<Token>(token));
  }

  template <class Token>
  auto async_remove_members(std::string group, std::vector<member_to_remove> members, remove_members_options options,
                            error_info& diag, Token&& token) {
    return core().template initiate<removed_members>(&diag, std::forward<Token>(token),
        [group = std::move(group), members = std::move(members), options = std::move(options)](admin_core& a, auto h) mutable {
          admin_detail::remove_members(a, std::move(group), std::move(members), std::move(options), std::move(h));
        });
  }
  template <class Token>
  auto async_remove_members(std::string group, std::vector<member_to_remove> members, remove_members_options options,
                            Token&& token) {
    return async_remove_members(std::move(group), std::move(members), std::move(options), admin_core::discard(),
                                std::forward<Token>(token));
  }

  template <class Token>
  auto async_list_group_offsets(std::string group, list_group_offsets_options options, error_info& diag, Token&& token) {
    return core().template initiate<group_offsets>(&diag, std::forward<Token>(token),
        [group = std::move(group), options = std::move(options)](admin_core& a, auto h) mutable {
          admin_detail::list_group_offsets(a, std::move(group), std::move(options), std::move(h));
        });
  }
  template <class Token>
  auto async_list_group_offsets(std::string group, list_group_offsets_options options, Token&& token) {
    return async_list_group_offsets(std::move(group), std::move(options), admin_core::discard(), std::forward<Token>(token));
  }

  template <class Token>
  auto async_alter_group_offsets(std::string group, group_offsets offsets, admin_options options, error_info& diag,
                                 Token&& token) {
    return core().template initiate<altered_group_offsets>(&diag, std::forward<Token>(token),
        [group = std::move(group), offsets = std::move(offsets), options](admin_core& a, auto h) mutable {
          admin_detail::alter_group_offsets(a, std::move(group), std::move(offsets), options, std::move(h));
        });
  }
  template <class Token>
  auto async_alter_group_offsets(std::string group, group_offsets offsets, admin_options options, Token&& token) {
    return async_alter_group_offsets(std::move(group), std::move(offsets), options, admin_core::discard(),
                                     std::forward<Token>(token));
  }

  template <class Token>
  auto async_delete_group_offsets(std::string group, std::vector<topic_partition> partitions, admin_options options,
                                  error_info& diag, Token&& token) {
    return core().template initiate<deleted_group_offsets>(&diag, std::forward<Token>(token),
        [group = std::move(group), partitions = std::move(partitions), options](admin_core& a, auto h) mutable {
          admin_detail::delete_group_offsets(a, std::move(group), std::move(partitions), options, std::move(h));
        });
  }
  template <class Token>
  auto async_delete_group_offsets(std::string group, std::vector<topic_partition> partitions, admin_options options,
                                  Token&& token) {
    return async_delete_group_offsets(std::move(group), std::move(partitions), options, admin_core::discard(),
                                      std::forward<Token>(token));
  }

  template <class Token>
  auto async_group_lag(std::string group, admin_options options, error_info& diag, Token&& token) {
    return core().template initiate<lag_report>(&diag, std::forward<Token>(token),
        [group = std::move(group), options](admin_core& a, auto h) mutable {
          admin_detail::group_lag(a, std::move(group), options, std::move(h));
        });
  }
  template <class Token>
  auto async_group_lag(std::string group, admin_options options, Token&& token) {
    return async_group_lag(std::move(group), options, admin_core::discard(), std::forward<Token>(token));
  }

 private:
  admin_core& core() { return static_cast<Self&>(*this); }
};

// ---- blocking calls: kwire::blocking_admin inherits these; each throws kwire::error when the
// whole call fails ----
template <class Self>
class blocking_groups_calls {
 public:
  group_listings list_groups(list_groups_options options = {}) {
    return self().template wait<group_listings>(
        [&](error_info& diag, auto h) { self().async().async_list_groups(std::move(options), diag, std::move(h)); });
  }
  described_groups describe_groups(std::vector<std::string> groups, describe_groups_options options = {}) {
    return self().template wait<described_groups>([&](error_info& diag, auto h) {
      self().async().async_describe_groups(std::move(groups), options, diag, std::move(h));
    });
  }
  deleted_groups delete_groups(std::vector<std::string> groups, admin_options options = {}) {
    return self().template wait<deleted_groups>([&](error_info& diag, auto h) {
      self().async().async_delete_groups(std::move(groups), options, diag, std::move(h));
    });
  }
  removed_members remove_members(std::string group, std::vector<member_to_remove> members,
                                 remove_members_options options = {}) {
    return self().template wait<removed_members>([&](error_info& diag, auto h) {
      self().async().async_remove_members(std::move(group), std::move(members), std::move(options), diag, std::move(h));
    });
  }
  group_offsets list_group_offsets(std::string group, list_group_offsets_options options = {}) {
    return self().template wait<group_offsets>([&](error_info& diag, auto h) {
      self().async().async_list_group_offsets(std::move(group), std::move(options), diag, std::move(h));
    });
  }
  altered_group_offsets alter_group_offsets(std::string group, group_offsets offsets, admin_options options = {}) {
    return self().template wait<altered_group_offsets>([&](error_info& diag, auto h) {
      self().async().async_alter_group_offsets(std::move(group), std::move(offsets), options, diag, std::move(h));
    });
  }
  deleted_group_offsets delete_group_offsets(std::string group, std::vector<topic_partition> partitions,
                                             admin_options options = {}) {
    return self().template wait<deleted_group_offsets>([&](error_info& diag, auto h) {
      self().async().async_delete_group_offsets(std::move(group), std::move(partitions), options, diag, std::move(h));
    });
  }
  lag_report group_lag(std::string group, admin_options options = {}) {
    return self().template wait<lag_report>(
        [&](error_info& diag, auto h) { self().async().async_group_lag(std::move(group), options, diag, std::move(h)); });
  }

 private:
  Self& self() { return static_cast<Self&>(*this); }
};

}  // namespace kwire::client

namespace kwire {
using client::altered_group_offsets;
using client::deleted_group_offsets;
using client::deleted_groups;
using client::describe_groups_options;
using client::described_groups;
using client::group_description;
using client::group_listing;
using client::group_listings;
using client::group_member;
using client::group_offset;
using client::group_offsets;
using client::list_group_offsets_options;
using client::list_groups_options;
using client::member_to_remove;
using client::remove_members_options;
using client::removed_members;
}  // namespace kwire
