"""Put a cut-out person into a scene: scaled, mirrored, tilted, graded toward the scene's
colours, with a soft drop shadow, an optional back light, and light falling off toward the
caption band so the burned captions keep their contrast."""

import math

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from pipeline.art.styles import RGB, Palette
from pipeline.faces.detect import FaceBox
from pipeline.faces.placement import Placement, caption_top

FADE_SHARE = 0.22  # of the person's height: a bust ending inside the frame fades out
SHADOW_BLUR, SHADOW_DROP, SHADOW_OPACITY = 0.012, 0.008, 0.45  # of the height / alpha
RIM_BLUR = 0.01
FALLOFF_SPAN, FALLOFF_FLOOR = 0.12, 0.78  # light falls to this gain over this share of height


def _luma(colour: RGB) -> float:
    return 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2]


def transform(
    person: Image.Image, face: FaceBox, plan: Placement
) -> tuple[Image.Image, tuple[float, float]]:
    """The person scaled, faded, mirrored and tilted, with the face centre inside it."""
    size = (max(1, round(person.width * plan.scale)), max(1, round(person.height * plan.scale)))
    scaled = person.convert("RGBA").resize(size, Image.Resampling.LANCZOS)
    fx = (face.left + face.right) / 2 * plan.scale
    fy = (face.top + face.bottom) / 2 * plan.scale
    if plan.fade_bottom:
        ramp = np.ones(size[1], np.float32)
        span = max(1, round(size[1] * FADE_SHARE))
        ramp[-span:] = np.linspace(1.0, 0.0, span, dtype=np.float32)
        alpha = np.asarray(scaled.getchannel("A"), np.float32) * ramp[:, None]
        scaled.putalpha(Image.fromarray(alpha.round().astype(np.uint8), "L"))
    if plan.mirror:
        scaled, fx = ImageOps.mirror(scaled), size[0] - fx
    turned = scaled.rotate(plan.tilt_deg, Image.Resampling.BICUBIC, expand=True)
    # PIL turns counter-clockwise on screen; y points down, hence the signs.
    theta = math.radians(plan.tilt_deg)
    dx, dy = fx - size[0] / 2, fy - size[1] / 2
    rx = dx * math.cos(theta) + dy * math.sin(theta)
    ry = -dx * math.sin(theta) + dy * math.cos(theta)
    return turned, (turned.width / 2 + rx, turned.height / 2 + ry)


def _grade(layer: Image.Image, plan: Placement, tint: RGB, height: int) -> Image.Image:
    pixels = np.asarray(layer, np.float32)
    colour = np.asarray(tint, np.float32) + 1.0
    gain = (1 - plan.tint) + plan.tint * colour / colour.mean()
    start = caption_top(layer.size)
    rows = np.arange(pixels.shape[0], dtype=np.float32)
    fall = np.clip((rows - start) / (FALLOFF_SPAN * height), 0.0, 1.0)
    light = plan.brightness * (1 - (1 - FALLOFF_FLOOR) * fall)
    pixels[..., :3] = np.clip(pixels[..., :3] * gain * light[:, None, None], 0, 255)
    return Image.fromarray(pixels.round().astype(np.uint8), "RGBA")


def _glow(alpha: Image.Image, radius: float, strength: float, colour: RGB) -> Image.Image:
    soft = alpha.filter(ImageFilter.GaussianBlur(radius)).point(lambda v: round(v * strength))
    layer = Image.new("RGBA", alpha.size, (*colour, 0))
    layer.putalpha(soft)
    return layer


def compose_person(
    canvas: Image.Image, person: Image.Image, face: FaceBox, plan: Placement, palette: Palette
) -> Image.Image:
    """`canvas` (RGB) with the person on it as `plan` says; returns a new RGB image."""
    width, height = canvas.size
    turned, (fx, fy) = transform(person, face, plan)
    layer = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    origin = (round(plan.face_centre[0] - fx), round(plan.face_centre[1] - fy))
    layer.paste(turned, origin)  # a copy: a masked paste would square the soft alpha
    alpha = layer.getchannel("A")
    dark = min(palette.background, key=_luma)
    shade: RGB = (dark[0] // 4, dark[1] // 4, dark[2] // 4)
    shadow = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    offset = (round(plan.shadow_dx * width), round(SHADOW_DROP * height))
    shadow.paste(_glow(alpha, SHADOW_BLUR * height, SHADOW_OPACITY, shade), offset)
    out = canvas.convert("RGBA")
    out.alpha_composite(shadow)
    if plan.rim > 0:
        light = max(palette.accents, key=_luma)
        out.alpha_composite(_glow(alpha, RIM_BLUR * height, plan.rim, light))
    tint = palette.background[1]
    out.alpha_composite(_grade(layer, plan, tint, height))
    return out.convert("RGB")
