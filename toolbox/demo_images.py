"""Pictures the demo draws itself (Pillow), so that the shipped demo needs no third-party
artwork: partner marks (the partner's acronym on its colour; not the partners' real logos),
video posters and item pictures (theme colours and a pictogram of the item's type). Drawn by the project, reusable under CC BY 4.0 like the demo content."""

from __future__ import annotations

import functools
import hashlib
import io
import math
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


# --- Item pictures ------------------------------------------------------------------------
ITEM_PICTURE_SIZE = (800, 450)
_SCALE = 2  # drawn at twice the size, then reduced: smooth edges without a vector library


def _pictogram(draw: ImageDraw.ImageDraw, item_type: str, cx: int, cy: int, s: float, ink):
    """A line pictogram of ``item_type`` centred on (cx, cy), ``s`` pixels per unit."""
    w = round(7 * s)

    def box(x0, y0, x1, y1):
        return (cx + x0 * s, cy + y0 * s, cx + x1 * s, cy + y1 * s)

    def line(*points, colour=None, weight=7):
        colour, width = colour or ink, round(weight * s)
        draw.line(
            [(cx + x * s, cy + y * s) for x, y in points], fill=colour, width=width, joint="curve"
        )
        for x, y in (points[0], points[-1]):  # round caps
            r = weight / 2
            draw.ellipse(box(x - r, y - r, x + r, y + r), fill=colour)

    if item_type == "guide":  # a page with a folded corner and lines of text
        line((-26, -40), (12, -40), (28, -24), (28, 40), (-26, 40), (-26, -40))
        line((12, -40), (12, -24), (28, -24))
        for y, end in ((-12, 14), (2, 14), (16, 14), (30, 0)):
            line((-13, y), (end, y))
    elif item_type == "video":  # a screen with a play mark
        draw.rounded_rectangle(box(-40, -30, 40, 26), radius=8 * s, outline=ink, width=w)
        draw.polygon(
            [(cx - 10 * s, cy - 15 * s), (cx - 10 * s, cy + 11 * s), (cx + 14 * s, cy - 2 * s)],
            fill=ink,
        )
        line((-18, 40), (18, 40))
    elif item_type == "best_practice":  # a medal: ribbon and star
        line((-18, -44), (-6, -20))
        line((18, -44), (6, -20))
        draw.ellipse(box(-30, -20, 30, 40), outline=ink, width=w)
        points = []
        for i in range(10):
            radius = 17 if i % 2 == 0 else 7.5
            angle = math.pi / 2 + i * math.pi / 5
            points.append(
                (cx + radius * s * math.cos(angle), cy + (10 - radius * math.sin(angle)) * s)
            )
        draw.polygon(points, fill=ink)
    elif item_type == "event":  # a calendar page
        draw.rounded_rectangle(box(-38, -30, 38, 40), radius=8 * s, outline=ink, width=w)
        line((-38, -12), (38, -12))
        line((-18, -42), (-18, -24))
        line((18, -42), (18, -24))
        for gx in (-20, 0, 20):
            for gy in (6, 24):
                draw.rounded_rectangle(box(gx - 5, gy - 5, gx + 5, gy + 5), radius=2 * s, fill=ink)
    elif item_type == "diagnostic":  # a checklist, two items ticked
        for y, checked in ((-26, True), (0, True), (26, False)):
            square = box(-38, y - 11, -16, y + 11)
            if checked:
                draw.rounded_rectangle(square, radius=4 * s, fill=ink)
                line((-33, y), (-28.5, y + 5), (-21, y - 5), colour=(255, 255, 255), weight=4.5)
            else:
                draw.rounded_rectangle(square, radius=4 * s, outline=ink, width=round(5 * s))
            line((-4, y), (36, y))
    else:  # a shield
        line(
            (0, -40),
            (32, -28),
            (32, -4),
            (24, 18),
            (0, 40),
            (-24, 18),
            (-32, -4),
            (-32, -28),
            (0, -40),
        )
        line((-13, 0), (-3, 10), (15, -10))


@functools.lru_cache(maxsize=64)
def item_picture(key: str, item_type: str, *, start: str, end: str) -> bytes:
    """An 800×450 PNG for a demo item: its theme's gradient, shapes placed after the item's
    key (so that two items of a theme differ) and a pictogram of its type, no text (the
    picture is shared by every translation). Cached: the tests load the demo many times."""
    seed = hashlib.sha256(key.encode()).digest()
    a, b = _hex(start), _hex(end)
    if seed[0] % 2:
        a, b = b, a
    # a diagonal gradient from a 2×2 image, stretched (fast, unlike a loop over pixels)
    ramp = Image.new("L", (2, 2))
    ramp.putdata([0, 128, 128, 255] if seed[1] % 2 else [128, 0, 255, 128])
    mask = ramp.resize(ITEM_PICTURE_SIZE, Image.Resampling.BILINEAR)
    image = Image.composite(
        Image.new("RGB", ITEM_PICTURE_SIZE, b), Image.new("RGB", ITEM_PICTURE_SIZE, a), mask
    )
    # the shapes, drawn at twice the size and reduced: smooth edges
    width, height = (n * _SCALE for n in ITEM_PICTURE_SIZE)
    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    u = _SCALE
    # two soft discs, somewhere near the edges
    for i, alpha in ((2, 26), (5, 18)):
        r = (140 + seed[i] % 120) * u
        x = (seed[i + 1] * 800 // 255) * u
        y = (0 if seed[i + 2] % 2 else 450) * u + (seed[i + 2] % 80 - 40) * u
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, alpha))
    # a grid of dots on one side
    left = seed[8] % 2 == 0
    x0 = (40 if left else 560) * u
    for gx in range(7):
        for gy in range(5):
            x, y = x0 + gx * 30 * u, (120 + gy * 30) * u
            draw.ellipse((x - 3 * u, y - 3 * u, x + 3 * u, y + 3 * u), fill=(255, 255, 255, 46))
    # the emblem: a white disc with a ring, away from the dots, inside the 16:7 crop of cards
    cx = (470 + seed[9] % 90 if left else 330 - seed[9] % 90) * u
    cy = 225 * u
    ring = 128 * u
    draw.ellipse(
        (cx - ring, cy - ring, cx + ring, cy + ring), outline=(255, 255, 255, 90), width=5 * u
    )
    disc = 104 * u
    draw.ellipse((cx - disc, cy - disc, cx + disc, cy + disc), fill=(255, 255, 255, 245))
    _pictogram(draw, item_type, cx, cy, 1.35 * u, a + (255,))
    overlay = overlay.reduce(_SCALE)
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    # a palette keeps the file small; dithering hides the gradient's steps
    return _png(image.quantize(colors=128, method=Image.Quantize.MEDIANCUT))
