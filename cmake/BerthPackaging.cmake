# Installation layout and the Debian package (cpack -G DEB).
include(GNUInstallDirs)

install(FILES ${PROJECT_SOURCE_DIR}/resources/berth.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/resources/berth.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/manifests DESTINATION ${CMAKE_INSTALL_DATADIR}/berth)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/berth)

set(CPACK_PACKAGE_NAME berth)
set(CPACK_PACKAGE_VENDOR "Berth")
set(CPACK_PACKAGE_CONTACT "Berth maintainers <maintainers@berth.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY berth)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
# Shared libraries come from dpkg-shlibdeps; the QML modules the pages import are loaded at
# run time, so they are named here.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "qml6-module-qtquick, qml6-module-qtquick-controls, qml6-module-qtquick-layouts, qml6-module-qtquick-templates, qml6-module-qtquick-window, qml6-module-qtqml-workerscript, qml6-module-qtquick-dialogs, qml6-module-qtcharts, qt6-qpa-plugins, openssl")
include(CPack)
