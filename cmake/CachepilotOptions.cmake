# Project-wide compile options, applied through the interface target cachepilot::options so that every
# library and test gets the same warnings and sanitizer flags.
add_library(cachepilot_options INTERFACE)
add_library(cachepilot::options ALIAS cachepilot_options)

target_compile_options(cachepilot_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(CACHEPILOT_WERROR)
  target_compile_options(cachepilot_options INTERFACE -Werror)
endif()
if(CACHEPILOT_SANITIZE)
  target_compile_options(cachepilot_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(cachepilot_options INTERFACE -fsanitize=address,undefined)
endif()
# Boost.Asio: no deprecated APIs, and the 1.74 headers need this to avoid a pragma warning.
target_compile_definitions(cachepilot_options INTERFACE
  BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW)

# Third-party headers are SYSTEM so that our strict warnings do not fire inside them.
function(cachepilot_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(cachepilot_${name} ${ARG_SOURCES})
  add_library(cachepilot::${name} ALIAS cachepilot_${name})
  target_include_directories(cachepilot_${name} PUBLIC ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/generated)
  target_link_libraries(cachepilot_${name} PUBLIC cachepilot::options ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()
