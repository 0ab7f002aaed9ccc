# Warnings apply to Berth's own targets only; system headers (Qt, Boost) are included as SYSTEM.
function(berth_set_warnings target)
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
        -Wcast-align -Woverloaded-virtual -Wconversion -Wsign-conversion
        -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
    if(BERTH_WARNINGS_AS_ERRORS)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
option(BERTH_WARNINGS_AS_ERRORS "Treat warnings in Berth's own code as errors" OFF)
