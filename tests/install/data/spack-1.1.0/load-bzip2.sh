export ACLOCAL_PATH=/usr/share/aclocal;
export CMAKE_PREFIX_PATH=/work/ext/try/root/store/linux-icelake/bzip2-1.0.8-f2pzxbwjszn6sub7og76w4djtuunpm7l:/work/ext/try/root/store/linux-icelake/gcc-runtime-12.2.0-4xncittxwf6kzxlxdinzmsxfxyjfuf24;
export MANPATH=/work/ext/try/root/store/linux-icelake/bzip2-1.0.8-f2pzxbwjszn6sub7og76w4djtuunpm7l/man:/usr/share/man:;
export PATH=/work/ext/try/root/store/linux-icelake/bzip2-1.0.8-f2pzxbwjszn6sub7og76w4djtuunpm7l/bin:/work/ext/try/root/store/linux-icelake/bzip2-1.0.8-f2pzxbwjszn6sub7og76w4djtuunpm7l/bin:/root/.cargo/bin:/root/.cargo/bin:/root/.pyenv/plugins/pyenv-virtualenv/shims:/root/.pyenv/shims:/root/.pyenv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin;
export PKG_CONFIG_PATH=/work/ext/try/root/store/linux-icelake/bzip2-1.0.8-f2pzxbwjszn6sub7og76w4djtuunpm7l/lib/pkgconfig:/usr/share/pkgconfig:/usr/lib/pkgconfig;
export SPACK_LOADED_HASHES=f2pzxbwjszn6sub7og76w4djtuunpm7l;
