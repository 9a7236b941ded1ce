// No include guard: protocol/messages.hpp includes this file once per catalog line
// (BOOST_PP_ITERATE), and each pass includes one message's header,
// kwire/protocol/messages/<name>.hpp, <name> being the catalog's name at that index.
#include KWIRE_DETAIL_MESSAGE_HEADER(BOOST_PP_SEQ_ELEM(BOOST_PP_ITERATION(), KWIRE_DETAIL_MESSAGE_NAMES))
