#pragma once
// A Java .properties file, read as java.util.Properties.load reads it: what the Java tools take
// as --command-config (and kwire's CLI too, for TLS and SASL settings).

#include <string>

#include <kwire/config/config.hpp>

namespace kwire::cli {

// key=value, key: value or "key value" lines; # and ! comment lines; a line ending in an odd
// number of backslashes continues on the next (whose leading blanks are dropped); escapes \t \n
// \r \f \uXXXX (surrogate pairs joined), any other \c is c. Bytes outside ASCII are kept as
// written (a UTF-8 file reads as UTF-8). Later lines win. False, with `error` naming the file
// (and the line, for a malformed \uXXXX), when the file cannot be read or is malformed; `out`
// is then unchanged.
bool read_properties_file(const std::string& path, properties& out, std::string& error);

}  // namespace kwire::cli
