"""What the easybuild front-end's uninstall removes from EasyBuild's tree, and what it
keeps: a module another module loads, and anything outside the tree. (The real build,
uninstalled through the CLI, is in test_install_easybuild.py.)"""

from __future__ import annotations

from pathlib import Path

from envmgr.install.frontend import BuildContext
from envmgr.store.entry import Entry
from plugins.frontends.easybuild import EasyBuildFrontend, eb_root


def _tree(home: Path) -> Path:
    root = eb_root(home)
    for soft, ver in (("zlib", "1.3.1"), ("libpng", "1.6.43")):
        (root / "software" / soft / ver / "lib").mkdir(parents=True)
        (root / "modules" / "all" / soft).mkdir(parents=True)
    (root / "modules" / "all" / "zlib" / "1.3.1.lua").write_text(
        'local root = "x"\nprepend_path("LD_LIBRARY_PATH", pathJoin(root, "lib"))\n')
    (root / "modules" / "all" / "libpng" / "1.6.43.lua").write_text(
        'depends_on("zlib/1.3.1")\nlocal root = "y"\n')
    return root


def _entry(root: Path, module: str, prefix: Path) -> Entry:
    return Entry(uid=f"{module.split('/')[0]}-1", soft=module.split("/")[0], category="",
                 version=module.split("/")[1], tags=[], source="installed",
                 prefix=str(prefix),
                 attrs={"easybuild": {"module": module, "installpath": str(root)}})


def _context(home: Path, notes: list[str]) -> BuildContext:
    return BuildContext(prefix=home / "install" / "x", home=home, cache=None,  # type: ignore[arg-type]
                        note=notes.append)


def test_a_module_no_other_module_loads_goes_with_its_software_folder(tmp_path):
    root = _tree(tmp_path)
    prefix = root / "software" / "libpng" / "1.6.43"
    removed = EasyBuildFrontend().uninstall(_entry(root, "libpng/1.6.43", prefix),
                                            _context(tmp_path, []))
    assert removed == [str(root / "modules/all/libpng/1.6.43.lua"), str(prefix)]
    assert not prefix.exists() and (root / "software/zlib/1.3.1").is_dir()


def test_a_module_another_module_loads_is_kept_and_the_user_told(tmp_path):
    root = _tree(tmp_path)
    prefix = root / "software" / "zlib" / "1.3.1"
    notes: list[str] = []
    removed = EasyBuildFrontend().uninstall(_entry(root, "zlib/1.3.1", prefix),
                                            _context(tmp_path, notes))
    assert removed == [] and prefix.is_dir()
    assert (root / "modules/all/zlib/1.3.1.lua").is_file()
    assert notes == [f"kept {prefix}: module zlib/1.3.1 is loaded by libpng/1.6.43.lua"]


def test_nothing_outside_easybuilds_tree_is_removed(tmp_path):
    root = _tree(tmp_path)
    outside = tmp_path / "elsewhere" / "libpng"
    outside.mkdir(parents=True)
    removed = EasyBuildFrontend().uninstall(_entry(root, "libpng/1.6.43", outside),
                                            _context(tmp_path, []))
    assert removed == [] and outside.is_dir()
    assert (root / "modules/all/libpng/1.6.43.lua").is_file()
