"""The retailer JPEG's embedded sRGB profile carries SOURCE_DATE_EPOCH's time, not the clock's
(littleCMS stamps the current time): a book built twice, or alone and in a list, gives the same bytes."""
from __future__ import annotations

import datetime as dt
import io

from PIL import Image, ImageCms

from octavo.builders.retail import retail_jpeg


def test_profile_dated_by_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    png = io.BytesIO()
    Image.new("RGB", (40, 64), (200, 30, 30)).save(png, format="PNG")
    jpeg, _ = retail_jpeg(png.getvalue())
    profile = ImageCms.ImageCmsProfile(io.BytesIO(Image.open(io.BytesIO(jpeg)).info["icc_profile"]))
    assert profile.profile.creation_date == dt.datetime(2001, 9, 9, 1, 46, 40)
    assert profile.profile.xcolor_space.strip() == "RGB"
