"""Pictures the demo draws itself (Pillow), so that the shipped demo needs no third-party
artwork: partner marks (the partner's acronym on its colour; not the partners' real logos)
and video posters. Drawn by the project, reusable under CC BY 4.0 like the demo content."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# Dark enough for white text (WCAG AA at these sizes).
PALETTE = [
    "#0b4f8a",
    "#0c6b7a",
    "#6d28d9",
    "#9d174d",
    "#166534",
    "#9a3412",
    "#1e3a8a",
    "#854d0e",
    "#334155",
    "#0f766e",
]


BOLD_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
)


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    """A bold system font with accents (DejaVu), else Pillow's own."""
    for path in BOLD_FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def partner_mark(acronym: str, *, index: int) -> bytes:
    """A 320×160 PNG: a rounded tile in one of the palette colours with the acronym."""
    colour = _hex(PALETTE[index % len(PALETTE)])
    image = Image.new("RGBA", (320, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 319, 159), radius=28, fill=colour)
    draw.ellipse((220, -60, 380, 100), fill=tuple(min(255, c + 40) for c in colour))
    draw.rounded_rectangle((28, 118, 108, 126), radius=4, fill=(255, 255, 255))
    text = acronym
    size = 64
    while size > 18 and draw.textlength(text, font=_font(size)) > 264:
        size -= 4
    draw.text((28, 100), text, font=_font(size), fill=(255, 255, 255), anchor="ls")
    return _png(image)


def video_poster(*, start: str, end: str) -> bytes:
    """A 1280×720 PNG: a diagonal gradient between two colours and a play mark."""
    width, height = 1280, 720
    a, b = _hex(start), _hex(end)
    gradient = Image.new("RGB", (width, height))
    pixels = gradient.load()
    for y in range(0, height, 4):
        for x in range(0, width, 4):
            t = (x / width + y / height) / 2
            colour = tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))
            for dy in range(4):
                for dx in range(4):
                    pixels[x + dx, y + dy] = colour
    draw = ImageDraw.Draw(gradient, "RGBA")
    draw.ellipse((900, -200, 1500, 400), fill=(255, 255, 255, 22))
    draw.ellipse((-150, 480, 350, 980), fill=(255, 255, 255, 18))
    cx, cy, r = width // 2, height // 2, 96
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(255, 255, 255, 235))
    draw.polygon([(cx - 30, cy - 48), (cx - 30, cy + 48), (cx + 52, cy)], fill=a)
    return _png(gradient)


THEME_ART = Path(__file__).parent / "static" / "toolbox" / "img" / "themes"


def theme_colours(theme_key: str) -> tuple[str, str]:
    """The two gradient colours of a theme's illustration (the default one's if none)."""
    path = THEME_ART / f"{theme_key}.svg"
    if not path.exists():
        path = THEME_ART / "default.svg"
    found = re.findall(r'stop-color="(#[0-9a-fA-F]{6})"', path.read_text())
    return (found[0], found[1]) if len(found) >= 2 else (PALETTE[0], PALETTE[1])
