# Every dependency is a Debian 12 package; scripts/setup installs them.
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(OpenCV 4.6 REQUIRED COMPONENTS core imgproc imgcodecs img_hash features2d calib3d video)
find_package(exiv2 REQUIRED CONFIG)
find_package(CURL REQUIRED)
find_package(ZLIB REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(ICU REQUIRED COMPONENTS uc i18n)
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
pkg_check_modules(CBOR REQUIRED IMPORTED_TARGET libcbor)
# photoaudit serve's HTTP server (Debian's libcpp-httplib-dev, 0.11.4: a shared library, not header-only).
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
# libpq-dev: the PostgreSQL catalog (audit/src/catalog/postgres_*.cpp).
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
# libheif-dev: HEIF, HEIC and AVIF (hashing/src/decode_heif.cpp: its header at build time, libheif.so.1 loaded
# on first use).
pkg_check_modules(HEIF REQUIRED libheif)
if(PHOTOAUDIT_TESTS)
  find_package(Catch2 2 REQUIRED)
endif()

# Third-party headers are SYSTEM headers: their warnings are not ours.
if(NOT TARGET photoaudit_exiv2)
  add_library(photoaudit_exiv2 INTERFACE)
  get_target_property(_exiv2_inc exiv2lib INTERFACE_INCLUDE_DIRECTORIES)
  if(_exiv2_inc)
    target_include_directories(photoaudit_exiv2 SYSTEM INTERFACE ${_exiv2_inc})
  endif()
  target_link_libraries(photoaudit_exiv2 INTERFACE exiv2lib)
  # OpenCV without imgcodecs, which pulls in GDAL, GDCM, libheif and some 140 libraries: photoaudit's
  # libraries use this, and reach the codecs through a module loaded on first use (hashing/codecs/).
  add_library(photoaudit_opencv_core INTERFACE)
  target_include_directories(photoaudit_opencv_core SYSTEM INTERFACE ${OpenCV_INCLUDE_DIRS})
  target_link_libraries(photoaudit_opencv_core INTERFACE opencv_core opencv_imgproc opencv_img_hash
    opencv_features2d opencv_calib3d opencv_video)
  # All of it, imgcodecs included: for that module and for the tests (which read and write test images).
  add_library(photoaudit_opencv INTERFACE)
  target_link_libraries(photoaudit_opencv INTERFACE photoaudit_opencv_core opencv_imgcodecs)
endif()
