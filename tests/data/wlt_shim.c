/* A stand-in "vendor" WLT decoder with the signature VendorLibraryDecoder loads:
 *   int wlt_to_bmp(const unsigned char *wlt, unsigned char *bmp)
 * It writes a valid 102 x 126 24-bit BMP whose pixels repeat the WLT bytes, and fails (returns 0)
 * when the first byte is 0xFF. It exercises the real ctypes loading and calling path in the tests. */
#include <string.h>
#include <stdint.h>

static void le32(unsigned char *p, uint32_t v) { p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24; }

int wlt_to_bmp(const unsigned char *wlt, unsigned char *bmp) {
    const int w = 102, h = 126, row = (w * 3 + 3) & ~3, size = 54 + row * h;
    if (wlt[0] == 0xFF) return 0;
    memset(bmp, 0, size);
    bmp[0] = 'B'; bmp[1] = 'M'; le32(bmp + 2, size); le32(bmp + 10, 54);
    le32(bmp + 14, 40); le32(bmp + 18, w); le32(bmp + 22, h);
    bmp[26] = 1; bmp[28] = 24; le32(bmp + 34, row * h);
    for (int i = 0; i < row * h; i++) bmp[54 + i] = wlt[i % 1024];
    return 1;
}
