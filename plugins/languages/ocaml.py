"""OCaml, found by its toplevel ocaml (opam switches side by side)."""

from envmgr.soft import Soft


class OCaml(Soft):
    name = "ocaml"
    aliases = ["lang-ocaml"]
    category = "lang"
    tags = ["lang-ocaml"]
    summary = "OCaml compilers and toplevel (ocaml, ocamlc, ocamlopt)"
    executables = [r"ocaml"]
    search_dirs = ["~/.opam/*/bin"]
    companions = ["ocamlc", "ocamlopt", "ocamlfind", "ocamlrun", "dune", "opam"]
    version_args = ["-version"]
    # "The OCaml toplevel, version 4.13.1"
    version_regex = r"^The OCaml toplevel, version (?P<version>\d+\.\d+\.\d+[\w.+~\-]*)"
    side_by_side = "one opam switch per version: only Debian's OCaml could be captured"
