"""Build rules shared by kwire's library targets.

Each library target carries what it needs to compile (C++20) and publishes its headers under
<kwire/...>, so a workspace that depends on @kwire//:kwire builds without kwire's .bazelrc.
Warnings-as-errors stay in .bazelrc: they are for kwire's own development, not its users.
"""

KWIRE_COPTS = ["-std=c++20"]

def kwire_include_prefix(package):
    """Where a package's headers are reached: protocol/ -> kwire/protocol, client/X -> kwire/X.

    client/ is the public face, so its folders sit right under kwire/ (<kwire/producer/...>);
    the lower floors keep their names (<kwire/protocol/...>, <kwire/net/...>).
    """
    if package == "client":
        return "kwire"
    if package.startswith("client/"):
        return "kwire/" + package[len("client/"):]
    return "kwire/" + package

def kwire_library(name, copts = [], **kwargs):
    """A cc_library of kwire, its headers reached as <kwire/...> (see kwire_include_prefix)."""
    native.cc_library(
        name = name,
        copts = KWIRE_COPTS + copts,
        include_prefix = kwire_include_prefix(native.package_name()),
        **kwargs
    )
