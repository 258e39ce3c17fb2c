# staffer's targets link erlangkit::erlangkit, which erlangkit's own package
# files (installed into the same prefix) define.
include(CMakeFindDependencyMacro)
find_dependency(erlangkit CONFIG)
include(${CMAKE_CURRENT_LIST_DIR}/stafferTargets.cmake)
