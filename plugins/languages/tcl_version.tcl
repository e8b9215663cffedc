# Run by envmgr's tcl plugin (tclsh has no --version): print the Tcl patch level.
puts [info patchlevel]
