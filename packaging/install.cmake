# install.cmake: `cmake --install` (and `make install PREFIX=...`), the menu entry and icon, the
# manual page, and the Debian package (`make deb`, CPack). Included from CMakeLists.txt once the
# stepformer target exists.
#
# Layout under the prefix (GNUInstallDirs):
#   bin/stepformer
#   share/stepformer/models/*.safetensors      the bundled models (assets/)
#   share/stepformer/lessons/...               the lessons, when the source tree has them
#   share/locale/LANG/LC_MESSAGES/stepformer.mo the translations, when the build made them
#   share/man/man1/stepformer.1.gz             made by `stepformer man` at build time
#   share/applications/stepformer.desktop      the menu entry
#   share/icons/hicolor/{scalable,NxN}/apps/stepformer.{svg,png}   drawn by stepformer_icon
# The binary finds share/stepformer from its own location (core/paths.c), so the prefix can move.

# ---- made at build time -------------------------------------------------------------------------
# The icon: one drawing (packaging/make_icon.c) written as SVG and as each PNG size.
add_executable(stepformer_icon packaging/make_icon.c)
target_compile_options(stepformer_icon PRIVATE ${WARN})
target_link_libraries(stepformer_icon PRIVATE s2s_platform)
set(STEPFORMER_ICON_SIZES 16 24 32 48 64 128 256)
set(icon_dir ${CMAKE_BINARY_DIR}/icons)
set(icon_outputs ${icon_dir}/scalable/apps/stepformer.svg)
set(icon_commands COMMAND ${CMAKE_COMMAND} -E make_directory ${icon_dir}/scalable/apps
                  COMMAND stepformer_icon 64 ${icon_dir}/scalable/apps/stepformer.svg)
foreach(n ${STEPFORMER_ICON_SIZES})
  list(APPEND icon_outputs ${icon_dir}/${n}x${n}/apps/stepformer.png)
  list(APPEND icon_commands COMMAND ${CMAKE_COMMAND} -E make_directory ${icon_dir}/${n}x${n}/apps
                            COMMAND stepformer_icon ${n} ${icon_dir}/${n}x${n}/apps/stepformer.png)
endforeach()
add_custom_command(OUTPUT ${icon_outputs} ${icon_commands} DEPENDS stepformer_icon
                   COMMENT "Drawing the icon (SVG and ${STEPFORMER_ICON_SIZES} px PNGs)" VERBATIM)

# The manual page, from the tables --help and `stepformer keys` print (src/cli/cmd_man.c).
set(man_page ${CMAKE_BINARY_DIR}/stepformer.1)
add_custom_command(OUTPUT ${man_page} ${man_page}.gz
                   COMMAND stepformer man -o ${man_page}
                   COMMAND gzip -9 -n -f -k ${man_page}
                   DEPENDS stepformer COMMENT "Writing the manual page (stepformer man)" VERBATIM)
add_custom_target(stepformer_packaging_files ALL DEPENDS ${icon_outputs} ${man_page}.gz)

# ---- install rules ------------------------------------------------------------------------------
install(TARGETS stepformer RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/ DESTINATION ${CMAKE_INSTALL_DATADIR}/stepformer
        PATTERN "fonts" EXCLUDE) # fonts come from Debian packages, never from here
install(DIRECTORY ${CMAKE_SOURCE_DIR}/lessons/ DESTINATION ${CMAKE_INSTALL_DATADIR}/stepformer/lessons OPTIONAL)
install(DIRECTORY ${CMAKE_BINARY_DIR}/locale/ DESTINATION ${CMAKE_INSTALL_LOCALEDIR} OPTIONAL
        FILES_MATCHING PATTERN "*.mo")
install(FILES ${man_page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/stepformer.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(DIRECTORY ${icon_dir}/ DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor)

# ---- the Debian package (make deb) ----------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME stepformer)
set(CPACK_PACKAGE_VENDOR "Stepformer")
set(CPACK_PACKAGE_CONTACT "Stepformer maintainers <stepformer@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "watch a Transformer encoder-decoder decode, step by step")
# (CPack puts the summary first and indents these lines for the control file)
set(CPACK_PACKAGE_DESCRIPTION "Stepformer runs a real Transformer encoder-decoder (AT and NAT) on small toy
tasks and shows every operation as it happens: attention heatmaps, the
residual stream, the causal mask, the output distribution, AT against NAT.
Figures export to PNG, SVG and GIF for slides and papers.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # stepformer_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_STRIP_FILES ON)
# The shared libraries (SDL2, SDL2_ttf, SDL2_image, cJSON, fontconfig, giflib, and whatever else
# is linked) come from dpkg-shlibdeps, with the versions this build needs; the fonts are looked up
# at run time through fontconfig, so they are named here: a Latin font and a CJK font.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core, fonts-wqy-microhei | fonts-noto-cjk")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "man-db")
include(CPack)
