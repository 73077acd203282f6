"""The retailer cover image: the front cover as retailers ask for it.

Takes: the front-panel PNG the cover builder draws for the EPUB (the same cover
design, its CMYK colours converted to sRGB through the print profile). Gives:
the bytes of ``<slug>-cover.jpg``: a baseline JPEG, RGB, with the sRGB ICC
profile embedded, at least 1600 x 2560 px (KDP's and Apple Books' minimum;
Kobo and Google Play take the same), and its size for the ONIX record.
"""
from __future__ import annotations

import io

MIN_SIZE = (1600, 2560)  # width, height in pixels
QUALITY = 92  # high enough for retailers' re-encoding, small enough to upload (~1 MB)


def retail_jpeg(png: bytes) -> tuple[bytes, tuple[int, int]]:
    """The front cover as an sRGB JPEG, and its (width, height); scaled up when smaller than MIN_SIZE."""
    from PIL import Image, ImageCms

    image = Image.open(io.BytesIO(png)).convert("RGB")
    scale = max(MIN_SIZE[0] / image.width, MIN_SIZE[1] / image.height, 1.0)
    if scale > 1.0:
        image = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)
    srgb = srgb_profile()
    out = io.BytesIO()
    # no EXIF or dates are written, so the same cover gives the same bytes
    image.save(out, format="JPEG", quality=QUALITY, optimize=True, icc_profile=srgb, subsampling=0)
    return out.getvalue(), image.size


def srgb_profile() -> bytes:
    """LittleCMS's sRGB profile with a fixed creation date: it stamps the hour it was made into
    the ICC header (bytes 24-35), which made each build's JPEG differ from the last."""
    import struct

    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)
    return bytes(data)
