# Debian packages (`cpack -G DEB` in a build configured with -DCMAKE_INSTALL_PREFIX=/usr), one per
# role, from the install rules' components:
#   bramble-tools    qsub, qstat, qdel, ..., libdrmaa and the man pages: on every machine users
#                    log in to
#   bramble-head     bramble-scheduler, its unit and /etc/bramble/cluster.yaml: the head node
#   bramble-node     bramble-execd, the shepherd and the inventory, its unit: every compute node
#   bramble-kernels  the MPI and single-node kernels (bramble-pi ...), for the demo jobs
# dpkg-shlibdeps works out each package's library dependencies.
set(CPACK_PACKAGE_NAME bramble)
set(CPACK_PACKAGE_VENDOR "bramble")
set(CPACK_PACKAGE_CONTACT "bramble maintainers <bramble@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "batch scheduler for small shared clusters")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# The units and the conffile name the configured directories: the packages install there too.
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_COMPONENTS_ALL tools head node)
if(TARGET bramble-cpu)  # not in builds without the kernels (the sanitizer presets)
  list(APPEND CPACK_COMPONENTS_ALL kernels)
endif()

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME bramble-tools)
set(CPACK_COMPONENT_TOOLS_DESCRIPTION
    "bramble's Grid Engine style tools: qsub, qstat, qdel, qhold, qrls, qalter, qmod, qacct, qhost,\n"
    "qselect, qrsh and qlogin, with their man pages, and libdrmaa.so.1 (DRMAA 1.0) for\n"
    "python-drmaa, snakemake --drmaa and Galaxy.")
set(CPACK_DEBIAN_HEAD_PACKAGE_NAME bramble-head)
set(CPACK_COMPONENT_HEAD_DESCRIPTION
    "bramble-scheduler, the head node's daemon: queues jobs and places them on the nodes.")
set(CPACK_DEBIAN_HEAD_PACKAGE_DEPENDS "bramble-tools (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_NODE_PACKAGE_NAME bramble-node)
set(CPACK_COMPONENT_NODE_DESCRIPTION
    "bramble-execd, the compute node's daemon: reports the node and runs its jobs as their owners.")
# The execd links qrsh (bramble-tools) for the jobs' Open MPI.
set(CPACK_DEBIAN_NODE_PACKAGE_DEPENDS "bramble-tools (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_KERNELS_PACKAGE_NAME bramble-kernels)
set(CPACK_COMPONENT_KERNELS_DESCRIPTION
    "bramble's sample workloads: MPI pi, merge sort and collectives, cpu, memory and GPIO kernels.")
# mpirun, for the MPI kernels where they were built (not in the arm64 cross build).
if(TARGET bramble-pi)
  set(CPACK_DEBIAN_KERNELS_PACKAGE_DEPENDS "openmpi-bin")
endif()

# The cluster config is the admin's once installed: dpkg keeps their edits on upgrade.
if(IS_ABSOLUTE "${CMAKE_INSTALL_FULL_SYSCONFDIR}")
  file(WRITE ${CMAKE_BINARY_DIR}/packaging/head/conffiles
       "${CMAKE_INSTALL_FULL_SYSCONFDIR}/bramble/cluster.yaml\n")
  set(CPACK_DEBIAN_HEAD_PACKAGE_CONTROL_EXTRA ${CMAKE_BINARY_DIR}/packaging/head/conffiles)
endif()

include(CPack)
