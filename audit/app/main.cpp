// photoaudit: the command-line entry point. All behaviour lives in photoaudit_audit; see cli.hpp.
#include <malloc.h>

#include <opencv2/core/ocl.hpp>

#include "photoaudit/audit/cli.hpp"

int main(int argc, char** argv) {
  // Every image decoded allocates and frees buffers of the same few megabytes (file bytes, libjpeg's
  // coefficient arrays for progressive files, pixels). By default glibc serves blocks that large with a fresh
  // mmap each time, or trims them off the heap when freed, so each image pays again for the kernel to hand out
  // and zero those pages: a seventh of the audit's CPU time went to the kernel. Keeping blocks up to 32 MiB in the
  // heap, and up to 64 MiB of free space at its top, lets the next image reuse them (scripts/bench/audit: system
  // time 0.70 s -> 0.33 s, wall time -10%; peak memory bounded by the 64 MiB per arena).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  // photoaudit computes on the CPU only (cv::Mat, never cv::UMat). Left on, OpenCV's first ORB, matcher or imread
  // call looks for an OpenCL runtime: it dlopens libOpenCL.so.1 and reads the installed drivers' list, in every
  // process (reading workers included), for nothing. Under AddressSanitizer on this machine's kernel that library's
  // thread-local storage crashed LeakSanitizer at exit (tests/hashing/hamming_knn_test.cpp).
  cv::ocl::setUseOpenCL(false);
  return photoaudit::audit::run_cli(argc, argv);
}
