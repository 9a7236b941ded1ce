#pragma once
// Record batches and answers the hostile-peer tests send (hostile_peer.hpp): a proper batch, the
// same batch broken in the ways a hostile broker may break it, a zstd bomb, a Fetch or any other
// answer built for the request the peer read, and the table of ways to break an answer.

#include <gtest/gtest.h>
#include <zstd.h>

#include <iostream>

#include <kwire/protocol/crc32c.hpp>
#include <kwire/protocol/messages/fetch.hpp>
#include <kwire/protocol/record_batch.hpp>
#include "tests/hostile/hostile_peer.hpp"

namespace kwire::test {

// A magic 2 batch of three records "v0", "v1", "v2" at offsets 0..2.
inline protocol::bytes batch_bytes(std::int16_t attributes = 0) {
  protocol::record_batch b;
  b.base_offset = 0;
  b.attributes = attributes;
  b.first_timestamp = b.max_timestamp = 1000;
  for (int i = 0; i < 3; ++i) {
    protocol::record r;
    r.offset = i;
    r.timestamp = 1000;
    r.value = protocol::bytes{'v', static_cast<std::uint8_t>('0' + i)};
    b.records.push_back(std::move(r));
  }
  protocol::bytes out;
  EXPECT_TRUE(protocol::encode_batch(b, out));
  return out;
}

// The proper batch with its last byte flipped: the CRC no longer matches.
inline protocol::bytes crc_broken_batch() {
  auto b = batch_bytes();
  b.back() ^= 0x01;
  return b;
}

// The proper batch without its last four bytes: no complete batch at all.
inline protocol::bytes truncated_batch() {
  auto b = batch_bytes();
  b.resize(b.size() - 4);
  return b;
}

// The batch declares 3 records but its length ends inside the second; the CRC is made right,
// so only the record framing is wrong.
inline protocol::bytes overrunning_batch() {
  auto b = batch_bytes();
  const std::size_t cut = 8;
  b.resize(b.size() - cut);
  const auto l = be32(static_cast<std::uint32_t>(b.size() - 12));
  std::copy(l.begin(), l.end(), b.begin() + 8);
  const auto crc = be32(protocol::crc32c(0, b.data() + 21, b.size() - 21));
  std::copy(crc.begin(), crc.end(), b.begin() + 17);
  return b;
}

// A zstd batch whose body is `expanded` bytes of zeros (a few KiB compressed), one record declared.
inline protocol::bytes zstd_bomb(std::size_t expanded) {
  protocol::bytes body;
  ZSTD_CCtx* z = ZSTD_createCCtx();
  const protocol::bytes zeros(1 << 20, 0);
  protocol::bytes out(ZSTD_CStreamOutSize());
  for (std::size_t done = 0; done <= expanded; done += zeros.size()) {
    const bool last = done == expanded;
    ZSTD_inBuffer in{zeros.data(), last ? 0 : zeros.size(), 0};
    for (bool more = true; more;) {
      ZSTD_outBuffer o{out.data(), out.size(), 0};
      const auto left = ZSTD_compressStream2(z, &o, &in, last ? ZSTD_e_end : ZSTD_e_continue);
      EXPECT_FALSE(ZSTD_isError(left));
      body.insert(body.end(), out.begin(), out.begin() + static_cast<std::ptrdiff_t>(o.pos));
      more = last ? left != 0 : in.pos < in.size;
    }
  }
  ZSTD_freeCCtx(z);
  // A magic 2 batch header around it: zstd (4), one record declared, CRC over attributes onward.
  protocol::bytes b;
  protocol::writer w(b);
  w.i64(0);   // base offset
  w.i32(0);   // batch length, patched
  w.i32(0);   // partition leader epoch
  w.i8(2);    // magic
  w.u32(0);   // crc, patched
  w.i16(4);   // attributes: zstd
  w.i32(0);   // last offset delta
  w.i64(1000);
  w.i64(1000);
  w.i64(-1);  // producer id
  w.i16(-1);
  w.i32(-1);
  w.i32(1);   // records
  b.insert(b.end(), body.begin(), body.end());
  w.patch_u32(8, static_cast<std::uint32_t>(b.size() - 12));
  w.patch_u32(17, protocol::crc32c(0, b.data() + 21, b.size() - 21));
  return b;
}

// A Fetch answer to `r` carrying `records` for every partition it asked for.
inline protocol::fetch_response fetch_answer(const peer_request& r, const protocol::bytes& records) {
  const auto req = r.decode<protocol::fetch_request>();
  protocol::fetch_response resp;
  for (const auto& t : req.topics) {
    protocol::fetch_response::fetchable_topic_response rt;
    rt.topic = t.topic;
    rt.topic_id = t.topic_id;
    for (const auto& p : t.partitions) {
      protocol::fetch_response::partition_data d;
      d.partition_index = p.partition;
      d.high_watermark = 1000;
      d.records = protocol::record_bytes{records};
      rt.partitions.push_back(std::move(d));
    }
    resp.responses.push_back(std::move(rt));
  }
  return resp;
}

// An answer to `r` with a proper header and a body of `body` bytes (too short for any message
// body beyond its first field, or garbage where a decoder expects a length).
inline protocol::bytes raw_answer(const peer_request& r, const protocol::bytes& body) {
  protocol::bytes b = be32(0);
  protocol::writer w(b);
  protocol::write_response_header(w, {r.correlation_id, {}}, protocol::response_header_version(r.key, r.version));
  b.insert(b.end(), body.begin(), body.end());
  w.patch_u32(0, static_cast<std::uint32_t>(b.size() - 4));
  return b;
}

// How the peer breaks the request it is scripted to break.
enum class breakage {
  frame_too_big,    // a frame length of 2^31-1
  undecodable,      // a proper header, then two bytes where the body should be
  silence,          // no answer to it, nor to anything after it on that connection
  cut_then_close,   // half a frame, then the connection closed
  bad_crc,          // Fetch: a batch whose CRC does not match
  truncated_batch,  // Fetch: only a batch cut short
  bomb,             // Fetch: a zstd batch of 512 MiB of zeros
};

inline void break_answer(peer_connection& c, const peer_request& r, breakage how) {
  switch (how) {
    case breakage::frame_too_big:
      c.send(be32(0x7fffffff));
      return;
    case breakage::undecodable:
      c.send(test::raw_answer(r, {0x00, 0x00}));
      return;
    case breakage::silence:
      c.silent = true;
      return;
    case breakage::cut_then_close: {
      auto b = be32(64);
      const auto id = be32(static_cast<std::uint32_t>(r.correlation_id));
      b.insert(b.end(), id.begin(), id.end());
      b.resize(4 + 32, 0);
      c.send(b);
      c.close();
      return;
    }
    case breakage::bad_crc:
      c.answer(test::fetch_answer(r, test::crc_broken_batch()), r);
      return;
    case breakage::truncated_batch:
      c.answer(test::fetch_answer(r, test::truncated_batch()), r);
      return;
    case breakage::bomb: {
      static const protocol::bytes bomb = test::zstd_bomb(std::size_t{512} << 20);
      c.answer(test::fetch_answer(r, bomb), r);
      return;
    }
  }
}

// A peer whose Fetch answers carry `records` for the hostile topic's partition 0; it answers the
// rest of a client's start (answer_client_basics) and logs any request it has no answer for.
inline hostile_peer fetch_peer(protocol::bytes records) {
  return hostile_peer([records = std::move(records)](peer_connection& c, const peer_request& r) {
    if (c.answer_client_basics(r)) return;
    if (r.key != protocol::api_key::fetch) {
      std::cerr << "hostile peer: no answer for " << protocol::info(r.key).name << " v" << r.version << "\n";
      return;
    }
    c.answer(fetch_answer(r, records), r);
  });
}

}  // namespace kwire::test
