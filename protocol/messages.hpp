#pragma once
// Every message kwire declares (message_catalog.hpp), complete: each message's header, found
// from its catalog line, and the (request, response) type lists built from the catalog:
// <family>_messages per family and all_messages. Tests and tools iterate them.

#include <tuple>

#include <boost/preprocessor/arithmetic/dec.hpp>
#include <boost/preprocessor/iteration/iterate.hpp>
#include <boost/preprocessor/seq/elem.hpp>
#include <boost/preprocessor/seq/size.hpp>
#include <boost/preprocessor/stringize.hpp>

#include <kwire/protocol/message_catalog.hpp>
#include <kwire/protocol/schema.hpp>

// Each catalog line's header, kwire/protocol/messages/<name>.hpp, included from the catalog
// itself: its names as a Boost.Preprocessor sequence, (api_versions)(metadata)..., and
// protocol/detail/include_message.hpp included once per element (file iteration). The names
// pass through macro expansion on the way, and GCC and clang predefine `linux` and `unix` in
// their GNU modes (-std=gnu++20, CMake's default): those two are set aside meanwhile.
#pragma push_macro("linux")
#pragma push_macro("unix")
#undef linux
#undef unix
#define KWIRE_DETAIL_MESSAGE_NAME(name, lo, hi) (name)
#define KWIRE_DETAIL_MESSAGE_NAMES KWIRE_ALL_MESSAGES(KWIRE_DETAIL_MESSAGE_NAME)
#define KWIRE_DETAIL_MESSAGE_HEADER(name) BOOST_PP_STRINGIZE(kwire/protocol/messages/name.hpp)
#define BOOST_PP_ITERATION_PARAMS_1 \
  (3, (0, BOOST_PP_DEC(BOOST_PP_SEQ_SIZE(KWIRE_DETAIL_MESSAGE_NAMES)), <kwire/protocol/detail/include_message.hpp>))
#include BOOST_PP_ITERATE()
#undef KWIRE_DETAIL_MESSAGE_HEADER
#undef KWIRE_DETAIL_MESSAGE_NAMES
#undef KWIRE_DETAIL_MESSAGE_NAME
#pragma pop_macro("unix")
#pragma pop_macro("linux")

namespace kwire::protocol {

namespace detail {
// std::tuple of the types after the first: lets a macro list end every entry with a comma.
template <class First, class... Rest>
struct tuple_of_rest {
  using type = std::tuple<Rest...>;
};
}  // namespace detail

// A catalog line whose header does not declare <name>_request and <name>_response (keyed
// api_key::<name>) fails here, naming the message.
#define KWIRE_CHECK_DECLARED(name, lo, hi)                                                 \
  static_assert(message_type<name##_request> && message_type<name##_response> &&         \
                    name##_request::api == api_key::name && name##_response::api == api_key::name, \
                "protocol/messages/" #name ".hpp must declare " #name "_request and " #name "_response");
KWIRE_ALL_MESSAGES(KWIRE_CHECK_DECLARED)
#undef KWIRE_CHECK_DECLARED

#define KWIRE_MESSAGE_PAIR(name, lo, hi) , message_pair<name##_request, name##_response>
#define KWIRE_FAMILY_LIST(family) \
  using family##_messages = detail::tuple_of_rest<void KWIRE_MESSAGES_##family(KWIRE_MESSAGE_PAIR)>::type;
KWIRE_MESSAGE_FAMILIES(KWIRE_FAMILY_LIST)
using all_messages = detail::tuple_of_rest<void KWIRE_ALL_MESSAGES(KWIRE_MESSAGE_PAIR)>::type;
#undef KWIRE_FAMILY_LIST
#undef KWIRE_MESSAGE_PAIR

// The one instantiation of the codecs of a family's messages (protocol/message_codecs/).
#define KWIRE_INSTANTIATE_CATALOG_ENTRY(name, lo, hi) \
  KWIRE_INSTANTIATE_MESSAGE_CODEC(name##_request)    \
  KWIRE_INSTANTIATE_MESSAGE_CODEC(name##_response)
#define KWIRE_INSTANTIATE_FAMILY(family) KWIRE_MESSAGES_##family(KWIRE_INSTANTIATE_CATALOG_ENTRY)

}  // namespace kwire::protocol
