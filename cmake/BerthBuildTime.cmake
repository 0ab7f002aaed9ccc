# Most of the time spent compiling one of Berth's files goes into its headers (Qt, Boost, the
# standard library), not its own code. Two settings take that cost off the default build.

# Line tables only (-g1): a backtrace keeps its functions, files and lines, and generating full
# debug information took a quarter of each optimized file's compile time. The debug preset keeps
# full debug information.
add_compile_options("$<$<CONFIG:RelWithDebInfo>:-g1>")

# A library's files compiled a few at a time in combined files (a unity build), so that they
# parse their shared headers once per combined file instead of once per file.
function(berth_unity_build target)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 8)
endfunction()
