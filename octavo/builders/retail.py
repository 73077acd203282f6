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
    srgb = _dated(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    out = io.BytesIO()
    # no EXIF or dates are written, so the same cover gives the same bytes
    image.save(out, format="JPEG", quality=QUALITY, optimize=True, icc_profile=srgb, subsampling=0)
    return out.getvalue(), image.size


def _dated(profile: bytes) -> bytes:
    """The ICC profile with its header's creation time (bytes 24-35) set to SOURCE_DATE_EPOCH's:
    littleCMS writes the current time there, which made two builds' JPEGs differ. The profile
    ID littleCMS leaves at zero (not computed), so no checksum covers the date."""
    import datetime as dt
    import struct

    from octavo.project import source_date

    t = dt.datetime.fromtimestamp(source_date(), tz=dt.timezone.utc)
    return profile[:24] + struct.pack(">6H", t.year, t.month, t.day, t.hour, t.minute, t.second) + profile[36:]
