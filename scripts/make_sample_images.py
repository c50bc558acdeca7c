"""Draw the sample blog's diagram images with Pillow.

The sample posts reference architecture diagrams (the re:Invent 2023 notes)
and a couple of figures of their own. Rather than commit opaque screenshots,
this script draws them all from code so they can be regenerated, restyled or
reviewed as text. Run it from the repository root:

    python scripts/make_sample_images.py

It writes PNGs under ``assets/images/``. Each image is drawn at twice its size
and scaled down (cheap anti-aliasing, since Pillow's shapes are aliased), then
quantized to a small palette without dithering so the files stay small.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "assets" / "images"

SCALE = 2  # supersampling factor: draw at 2x, then downscale

Point = tuple[float, float]

# Colours: (fill, stroke) pairs for boxes, a light slate for the canvas.
BACKGROUND = "#ffffff"
INK = "#0f172a"
MUTED = "#475569"
LINE = "#334155"
BLUE = ("#dbeafe", "#2563eb")
GREEN = ("#dcfce7", "#16a34a")
AMBER = ("#fef3c7", "#d97706")
PURPLE = ("#ede9fe", "#7c3aed")
ROSE = ("#ffe4e6", "#e11d48")
SLATE = ("#f1f5f9", "#64748b")
TEAL = ("#ccfbf1", "#0d9488")
ORANGE = ("#ffedd5", "#ea580c")

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/Library/Fonts"),
)


def load_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans at ``size`` (already scaled) if installed, else Pillow's built-in font."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        path = folder / name
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


@dataclass(frozen=True)
class Box:
    """A drawn rectangle in logical (unscaled) pixels, with anchor points for arrows."""

    x: float
    y: float
    w: float
    h: float

    @property
    def center(self) -> Point:
        """The middle of the box."""
        return (self.x + self.w / 2, self.y + self.h / 2)

    def left(self, dy: float = 0) -> Point:
        """Middle of the left edge, shifted down by ``dy``."""
        return (self.x, self.y + self.h / 2 + dy)

    def right(self, dy: float = 0) -> Point:
        """Middle of the right edge, shifted down by ``dy``."""
        return (self.x + self.w, self.y + self.h / 2 + dy)

    def top(self, dx: float = 0) -> Point:
        """Middle of the top edge, shifted right by ``dx``."""
        return (self.x + self.w / 2 + dx, self.y)

    def bottom(self, dx: float = 0) -> Point:
        """Middle of the bottom edge, shifted right by ``dx``."""
        return (self.x + self.w / 2 + dx, self.y + self.h)


class Canvas:
    """A diagram being drawn: boxes, groups, arrows and text in logical pixels."""

    def __init__(self, width: int, height: int, title: str, subtitle: str = "") -> None:
        self.width = width
        self.height = height
        self.image = Image.new("RGB", (width * SCALE, height * SCALE), BACKGROUND)
        self.draw = ImageDraw.Draw(self.image)
        self._fonts: dict[tuple[int, bool], ImageFont.FreeTypeFont | ImageFont.ImageFont] = {}
        self.text((48, 40), title, size=40, bold=True, anchor="la")
        if subtitle:
            self.text((48, 96), subtitle, size=22, color=MUTED, anchor="la")

    # -- primitives -----------------------------------------------------

    def font(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        """A cached font of logical ``size``."""
        key = (size, bold)
        if key not in self._fonts:
            self._fonts[key] = load_font(size * SCALE, bold)
        return self._fonts[key]

    @staticmethod
    def _s(point: Point) -> tuple[float, float]:
        return (point[0] * SCALE, point[1] * SCALE)

    def text(
        self,
        xy: Point,
        text: str,
        size: int = 22,
        bold: bool = False,
        color: str = INK,
        anchor: str = "mm",
    ) -> None:
        """Text at ``xy``; multi-line text is stacked and each line anchored the same way."""
        font = self.font(size, bold)
        lines = text.split("\n")
        step = size * 1.3
        first_y = xy[1] - step * (len(lines) - 1) / 2 if anchor[1] == "m" else xy[1]
        for i, line in enumerate(lines):
            self.draw.text(self._s((xy[0], first_y + i * step)), line, fill=color, font=font, anchor=anchor)

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        label: str = "",
        colors: tuple[str, str] = BLUE,
        size: int = 22,
        bold: bool = True,
        note: str = "",
        radius: int = 14,
    ) -> Box:
        """A filled rounded box with a centred label and an optional smaller note under it."""
        fill, stroke = colors
        self.draw.rounded_rectangle(
            (x * SCALE, y * SCALE, (x + w) * SCALE, (y + h) * SCALE),
            radius=radius * SCALE,
            fill=fill,
            outline=stroke,
            width=3 * SCALE,
        )
        b = Box(x, y, w, h)
        cx, cy = b.center
        if note:
            # Centre label + note as one block, whatever the number of lines in each.
            note_size = int(size * 0.72)
            label_h = size * 1.3 * (label.count("\n") + 1)
            note_h = note_size * 1.3 * (note.count("\n") + 1)
            top = cy - (label_h + note_h) / 2
            self.text((cx, top + label_h / 2), label, size=size, bold=bold)
            self.text((cx, top + label_h + note_h / 2), note, size=note_size, color=MUTED)
        elif label:
            self.text((cx, cy), label, size=size, bold=bold)
        return b

    def group(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        label: str,
        color: str = MUTED,
        dashed: bool = True,
        fill: str | None = None,
    ) -> Box:
        """A container (VPC, account, AZ...) with its label in the top-left corner."""
        rect = (x * SCALE, y * SCALE, (x + w) * SCALE, (y + h) * SCALE)
        if fill:
            self.draw.rounded_rectangle(rect, radius=18 * SCALE, fill=fill)
        if dashed:
            self._dashed_rect(x, y, w, h, color)
        else:
            self.draw.rounded_rectangle(rect, radius=18 * SCALE, outline=color, width=3 * SCALE)
        self.text((x + 18, y + 14), label, size=20, bold=True, color=color, anchor="la")
        return Box(x, y, w, h)

    def _dashed_rect(self, x: float, y: float, w: float, h: float, color: str) -> None:
        corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]
        for start, end in zip(corners, corners[1:]):
            self._dashed_line(start, end, color, dash=14, gap=9, width=3)

    def _dashed_line(self, start: Point, end: Point, color: str, dash: float, gap: float, width: int) -> None:
        length = math.dist(start, end)
        if length == 0:
            return
        ux, uy = (end[0] - start[0]) / length, (end[1] - start[1]) / length
        pos = 0.0
        while pos < length:
            stop = min(pos + dash, length)
            a = (start[0] + ux * pos, start[1] + uy * pos)
            b = (start[0] + ux * stop, start[1] + uy * stop)
            self.draw.line([self._s(a), self._s(b)], fill=color, width=width * SCALE)
            pos += dash + gap

    def arrow(
        self,
        points: Sequence[Point],
        label: str = "",
        color: str = LINE,
        both: bool = False,
        dashed: bool = False,
        label_offset: Point = (0, -18),
    ) -> None:
        """A (possibly bent) arrow through ``points`` with a head at the end, and at the start if ``both``."""
        pts = list(points)
        for a, b in zip(pts, pts[1:]):
            if dashed:
                self._dashed_line(a, b, color, dash=12, gap=8, width=3)
            else:
                self.draw.line([self._s(a), self._s(b)], fill=color, width=4 * SCALE)
        self._head(pts[-2], pts[-1], color)
        if both:
            self._head(pts[1], pts[0], color)
        if label:
            # Label the middle of the longest segment.
            a, b = max(zip(pts, pts[1:]), key=lambda seg: math.dist(*seg))
            mid = ((a[0] + b[0]) / 2 + label_offset[0], (a[1] + b[1]) / 2 + label_offset[1])
            self.text(mid, label, size=18, color=MUTED)

    def _head(self, start: Point, end: Point, color: str) -> None:
        angle = math.atan2(end[1] - start[1], end[0] - start[0])
        length, half = 18.0, 10.0
        back = (end[0] - length * math.cos(angle), end[1] - length * math.sin(angle))
        left = (back[0] + half * math.sin(angle), back[1] - half * math.cos(angle))
        right = (back[0] - half * math.sin(angle), back[1] + half * math.cos(angle))
        self.draw.polygon([self._s(end), self._s(left), self._s(right)], fill=color)

    def legend(self, x: float, y: float, items: Iterable[tuple[tuple[str, str], str]]) -> None:
        """A row of coloured swatches with labels."""
        for colors, label in items:
            self.box(x, y, 26, 26, colors=colors, radius=6)
            self.text((x + 38, y + 13), label, size=18, color=MUTED, anchor="lm")
            x += 60 + self.draw.textlength(label, font=self.font(18)) / SCALE

    # -- output ---------------------------------------------------------

    def save(self, path: Path, colors: int = 128) -> int:
        """Downscale, quantize to ``colors`` without dithering, save optimized; return the byte size."""
        small = self.image.resize((self.width, self.height), Image.Resampling.LANCZOS)
        paletted = small.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        path.parent.mkdir(parents=True, exist_ok=True)
        paletted.save(path, optimize=True)
        return path.stat().st_size


# ---------------------------------------------------------------------------
# re:Invent 2023 diagrams
# ---------------------------------------------------------------------------


def elasticache_serverless_scaling() -> Canvas:
    """ElastiCache Serverless: proxy layer, shards across AZs, and the two ways it scales."""
    c = Canvas(2000, 1180, "ElastiCache Serverless Scaling",
               "One endpoint; a Rust proxy fleet routes to shards that scale up in place, then out")
    c.group(48, 150, 400, 640, "Customer VPC", color=GREEN[1])
    apps = [c.box(98, 240 + i * 170, 300, 110, "Application", GREEN, note=f"AZ {az}") for i, az in enumerate("abc")]
    c.box(98, 720 - 10, 300, 56, "Single endpoint", SLATE, size=19, radius=28)

    c.group(520, 150, 1432, 640, "ElastiCache Serverless (service-managed)", color=BLUE[1])
    proxies = [c.box(580, 250 + i * 170, 300, 100, "Proxy node", ORANGE, note=f"AZ {az} · multiplexes requests")
               for i, az in enumerate("ab")]
    c.text((730, 620), "Clients are routed to\nthe proxy in their own AZ", size=18, color=MUTED)
    for app, proxy in zip(apps, proxies + [proxies[1]]):
        c.arrow([app.right(), (490, app.center[1]), (490, proxy.center[1]), proxy.left()])

    shard_x = 1000
    for i in range(3):
        y = 240 + i * 175
        primary = c.box(shard_x, y, 400, 64, f"Shard {i + 1} · primary", BLUE, size=20)
        replica = c.box(shard_x + 440, y, 400, 64, f"Shard {i + 1} · replica", PURPLE, size=20)
        c.arrow([primary.right(), replica.left()], color=MUTED, dashed=True)
        if i < 2:
            c.arrow([proxies[i].right(), primary.left()])
        else:
            c.arrow([proxies[1].right(10), (950, proxies[1].center[1] + 10), (950, y + 32), primary.left()])
        c.text((shard_x + 420, y + 88), "replicated to another AZ", size=16, color=MUTED)

    # The scaling strip along the bottom: load -> scale up -> scale out.
    y = 850
    c.text((48, y), "How it scales", size=24, bold=True, anchor="la")
    steps = [
        ("Load reaches 50%", "of memory, CPU or network", AMBER),
        ("Scale up in place", "Caspian grows the instance", BLUE),
        ("Scale out", "add shards, migrate slots", PURPLE),
        ("Headroom for 2x", "spikes absorbed instantly", GREEN),
    ]
    prev: Box | None = None
    for i, (label, note, colors) in enumerate(steps):
        b = c.box(48 + i * 480, y + 60, 400, 120, label, colors, note=note)
        if prev:
            c.arrow([prev.right(), b.left()])
        prev = b
    # A small utilisation gauge on each step.
    for i, level in enumerate((0.5, 0.35, 0.25, 0.5)):
        gx, gy = 48 + i * 480 + 20, y + 196
        c.draw.rectangle((gx * SCALE, gy * SCALE, (gx + 360) * SCALE, (gy + 14) * SCALE), fill=SLATE[0], outline=SLATE[1])
        c.draw.rectangle((gx * SCALE, gy * SCALE, (gx + 360 * level) * SCALE, (gy + 14) * SCALE), fill=AMBER[1])
    return c


def aurora_limitless_shard_group() -> Canvas:
    """Aurora Limitless: endpoint, transaction routers, data access shards, shared storage."""
    c = Canvas(1800, 1350, "Aurora Limitless Database: Shard Group",
               "Routers plan and coordinate; shards own key ranges; all backed by Aurora storage")
    app = c.box(650, 150, 500, 100, "Application", GREEN, note="PostgreSQL wire protocol")
    endpoint = c.box(700, 290, 400, 70, "Limitless endpoint", SLATE, size=21, radius=35)
    c.arrow([app.bottom(), endpoint.top()])

    c.group(90, 440, 1620, 620, "DB shard group  (max ACUs · compute redundancy)", color=BLUE[1])
    routers = [c.box(200 + i * 480, 510, 420, 120, "Transaction router", ORANGE,
                     note="schema + key-range map · time") for i in range(3)]
    for r in routers:
        c.arrow([endpoint.bottom(), (endpoint.center[0], 405), (r.center[0], 405), r.top()])
    shards = []
    for i in range(4):
        s = c.box(150 + i * 390, 760, 340, 160, f"Data access shard {i + 1}", BLUE,
                  note=f"hash range {i * 4:X}000…{i * 4 + 3:X}FFF\n+ reference tables")
        shards.append(s)
    for r in routers:
        for s in shards:
            c.arrow([r.bottom(), s.top()], color="#94a3b8")

    c.box(90, 1100, 1620, 90, "Aurora distributed storage", TEAL, size=24,
                    note="6 copies across 3 AZs")
    for s in shards:
        c.arrow([s.bottom(), (s.center[0], 1100)], color=TEAL[1], both=True)
    c.box(1380, 150, 370, 100, "Primary writer", PURPLE, note="standard tables · outside group")
    c.legend(48, 1250, [(ORANGE, "routing & distributed commit"), (BLUE, "query fragments & local txns"),
                        (TEAL, "persistent data")])
    c.text((48, 1310), "Shard key hashed to 64 bits; ranges are split into slices and moved as load grows",
           size=18, color=MUTED, anchor="lm")
    return c


def aurora_limitless_compute_redundancy() -> Canvas:
    """Compute redundancy levels 0, 1 and 2 for the data access shards."""
    c = Canvas(2200, 1000, "Aurora Limitless Database: Compute Redundancy",
               "Redundancy is compute only: standbys take over a shard without copying data")
    levels = [
        ("Level 0", "no standby: a failed shard restarts", 0),
        ("Level 1", "one standby per shard, other AZ", 1),
        ("Level 2", "two standbys per shard, two other AZs", 2),
    ]
    panel_w = 680
    for p, (title, note, copies) in enumerate(levels):
        px = 48 + p * (panel_w + 36)
        c.group(px, 150, panel_w, 760, title, color=[SLATE[1], BLUE[1], PURPLE[1]][p], dashed=False)
        c.text((px + 18, 192), note, size=18, color=MUTED, anchor="la")
        col_w = (panel_w - 60) / 3
        for az in range(3):
            ax = px + 20 + az * (col_w + 10)
            c.group(ax, 240, col_w, 640, f"AZ {'abc'[az]}", color="#94a3b8")
            # Primaries spread round-robin; standbys go in the next AZs along.
            for shard in range(3):
                y = 300 + shard * 190
                if shard % 3 == az:
                    c.box(ax + 14, y, col_w - 28, 80, f"Shard {shard + 1}", BLUE, size=20, note="active")
                for k in range(1, copies + 1):
                    if (shard + k) % 3 == az:
                        c.box(ax + 14, y + 90, col_w - 28, 70, f"Shard {shard + 1}", PURPLE, size=18,
                              note="standby")
    c.legend(48, 940, [(BLUE, "active shard (compute)"), (PURPLE, "standby copy (compute)")])
    return c


def vector_embedding_rag() -> Canvas:
    """Retrieval-augmented generation with embeddings stored in PostgreSQL (pgvector)."""
    c = Canvas(2100, 1020, "Using Vector Embeddings to augment an LLM with RAG",
               "Ingest once, then embed each question and search for the nearest chunks")
    c.text((48, 190), "1  Ingest", size=24, bold=True, anchor="la")
    docs = c.box(48, 240, 300, 130, "Documents", SLATE, note="wiki · PDFs · tickets")
    chunks = c.box(448, 240, 300, 130, "Chunking", AMBER, note="~500 tokens each")
    embed1 = c.box(848, 240, 340, 130, "Embedding model", PURPLE, note="e.g. Titan: 1536 dims")
    vec = c.box(1288, 240, 300, 130, "Vectors", BLUE, note="float4 × 1536 ≈ 6 KB")
    db = c.box(1688, 210, 364, 420, "Aurora\nPostgreSQL", TEAL, size=26,
               note="+ pgvector\n\nHNSW / IVFFlat index\nchunk text + metadata")
    for a, b in ((docs, chunks), (chunks, embed1), (embed1, vec)):
        c.arrow([a.right(), b.left()])
    c.arrow([vec.right(), (db.x, vec.center[1])], label="INSERT")

    c.text((48, 520), "2  Query", size=24, bold=True, anchor="la")
    user = c.box(48, 570, 300, 130, "User question", GREEN, note="“How do I rotate keys?”")
    embed2 = c.box(448, 570, 340, 130, "Embedding model", PURPLE, note="same model as ingest")
    search = c.box(888, 570, 360, 130, "Similarity search", BLUE, note="ORDER BY embedding <=> $1")
    c.arrow([user.right(), embed2.left()])
    c.arrow([embed2.right(), search.left()])
    c.arrow([search.right(), (db.x, search.center[1])], label="k-NN (approx.)")

    topk = c.box(1688, 760, 364, 120, "Top-k chunks", BLUE, note="most similar context")
    c.arrow([db.bottom(), topk.top()])
    prompt = c.box(1188, 760, 380, 120, "Prompt + context", AMBER, note="question + retrieved text")
    llm = c.box(688, 760, 380, 120, "Foundation model", ORANGE, note="LLM")
    answer = c.box(188, 760, 380, 120, "Grounded answer", GREEN, note="cites the knowledge base")
    c.arrow([topk.left(), prompt.right()])
    c.arrow([prompt.left(), llm.right()])
    c.arrow([llm.left(), answer.right()])
    c.arrow([user.bottom(), (user.center[0], 730), (prompt.center[0], 730), prompt.top()], color="#94a3b8",
            dashed=True, label="question", label_offset=(0, -16))
    c.text((1050, 950), "Recall vs. speed: approximate indexes trade a little accuracy for much faster search",
           size=19, color=MUTED)
    return c


def saas_anywhere_onboarding() -> Canvas:
    """Onboarding a tenant whose data plane lives in their own AWS account."""
    c = Canvas(1900, 1000, "SaaS Anywhere Onboarding",
               "Self-service sign-up that provisions resources in the tenant's own account")
    c.group(48, 150, 860, 740, "SaaS provider account · control plane", color=BLUE[1])
    c.group(1000, 150, 852, 740, "Tenant AWS account · remote data plane", color=GREEN[1])
    admin = c.box(98, 220, 360, 120, "Tenant admin", GREEN, note="signs up in the web app")
    template = c.box(528, 220, 330, 120, "Provisioning template", AMBER, size=21, note="CloudFormation / Terraform")
    onboarding = c.box(98, 420, 360, 120, "Onboarding service", BLUE, note="creates tenant record")
    registry = c.box(98, 640, 360, 120, "Tenant registry", SLATE, note="ids · tier · endpoints")
    deploy = c.box(528, 640, 330, 120, "Deployment pipeline", ORANGE, note="pushes updates later")
    c.arrow([admin.bottom(), onboarding.top()], label="1  sign up", label_offset=(70, 0))
    c.arrow([onboarding.bottom(), registry.top()], label="record", label_offset=(50, 0))
    c.arrow([onboarding.right(), (template.center[0], onboarding.center[1]), template.bottom()],
            label="2  generate", label_offset=(0, -20))

    stack = c.box(1060, 220, 360, 120, "Launch stack", GREEN, note="tenant approves in console")
    role = c.box(1060, 420, 360, 120, "Cross-account role", PURPLE, note="trusts provider · external ID")
    data = c.box(1460, 420, 340, 120, "Tenant data store", TEAL, note="owned by the tenant")
    agent = c.box(1060, 640, 360, 120, "Remote services", BLUE, note="data plane workloads")
    c.arrow([template.right(), stack.left()], label="3  one-click\nlaunch link", label_offset=(0, -40))
    c.arrow([stack.bottom(), role.top()])
    c.arrow([role.right(), data.left()])
    c.arrow([role.bottom(), agent.top()])
    c.arrow([agent.left(-30), (deploy.right()[0], agent.center[1] - 30)], label="4  callback: register", dashed=True,
            label_offset=(0, -20))
    c.arrow([(deploy.right()[0], agent.center[1] + 30), agent.left(30)], label="5  deploy / update",
            label_offset=(0, 24))
    c.text((950, 945), "Goal: get as close to fully managed self-service sign-up as possible", size=19, color=MUTED)
    return c


def saas_anywhere_deployment_models() -> Canvas:
    """Three ways to split a SaaS system between provider and tenant accounts."""
    c = Canvas(2400, 1060, "SaaS Anywhere Deployment Models",
               "How much of the application runs in the tenant's account? More remote = more to manage")
    models = [
        ("Distributed data stores", "storage only", 1),
        ("Distributed application services", "storage + some micro-services", 2),
        ("Remote application plane", "the whole data plane", 3),
    ]
    panel_w = 740
    for p, (title, note, remote) in enumerate(models):
        px = 48 + p * (panel_w + 48)
        c.text((px + panel_w / 2, 180), title, size=26, bold=True)
        c.text((px + panel_w / 2, 218), note, size=19, color=MUTED)
        c.group(px, 260, panel_w, 340, "Provider account", color=BLUE[1])
        c.group(px, 640, panel_w, 340, "Tenant account", color=GREEN[1])
        control = c.box(px + 30, 320, 300, 110, "Control plane", SLATE, note="onboarding · billing · ops")
        layers = [("Web / API", ORANGE), ("Services", BLUE), ("Data store", TEAL)]
        # The last `remote` layers move to the tenant's account.
        for i, (name, colors) in enumerate(layers):
            is_remote = i >= 3 - remote
            y = (700 if is_remote else 320) + (i - (3 - remote) if is_remote else i) * 95
            b = c.box(px + 400, y, 300, 80, name, colors, size=21)
            if is_remote:
                c.arrow([(control.center[0], control.y + control.h), (control.center[0], b.center[1]), b.left()],
                        color="#94a3b8", dashed=True)
        c.text((px + panel_w / 2, 1010), f"{remote} of 3 layers remote", size=19, color=MUTED)
    return c


def saas_anywhere_iam() -> Canvas:
    """Cross-account access with an assumed IAM role."""
    c = Canvas(1700, 900, "SaaS Anywhere Cross-Account Access",
               "The provider's service assumes a role the tenant created, for every call to tenant data")
    c.group(48, 150, 700, 640, "SaaS provider account", color=BLUE[1])
    c.group(900, 150, 752, 640, "Tenant account", color=GREEN[1])
    svc = c.box(98, 230, 320, 120, "Order service", BLUE, note="handles tenant requests")
    cache = c.box(478, 230, 230, 120, "Credential\ncache", SLATE, size=20)
    sts = c.box(98, 470, 320, 120, "AWS STS", AMBER, note="AssumeRole")
    role = c.box(980, 470, 400, 130, "TenantAccessRole", PURPLE,
                 note="trust: provider account\ncondition: sts:ExternalId")
    policy = c.box(980, 660, 400, 100, "Permissions policy", ROSE, size=20, note="least privilege: one table")
    db = c.box(1420, 230, 200, 120, "Tenant\ndatabase", TEAL, size=20)
    c.arrow([svc.bottom(), sts.top()], label="1  AssumeRole\n(role ARN,\nexternal ID)", label_offset=(-90, 0))
    c.arrow([sts.right(), role.left()], label="2  check trust", label_offset=(-110, -22))
    c.arrow([(380, sts.y), (380, 410), (cache.center[0], 410), cache.bottom()], label="3  temporary credentials",
            label_offset=(40, 22))
    c.arrow([svc.right(), cache.left()])
    c.arrow([cache.right(), db.left()], dashed=True, label="4  read / write as the role", label_offset=(60, -22))
    c.arrow([role.bottom(), policy.top()])
    c.arrow([policy.right(), (db.center[0], policy.center[1]), db.bottom()], label="scopes\naccess",
            label_offset=(-50, 40))
    c.text((850, 845), "The tenant can revoke access at any time by deleting the role", size=19, color=MUTED)
    return c


def saas_anywhere_remote_workload() -> Canvas:
    """A micro-service running in the tenant VPC, reached over PrivateLink."""
    c = Canvas(2000, 980, "SaaS Anywhere Remote Application Services",
               "One micro-service runs next to the tenant's data; PrivateLink connects the two VPCs")
    c.group(48, 150, 860, 720, "Provider account · VPC", color=BLUE[1])
    c.group(1090, 150, 862, 720, "Tenant account · VPC", color=GREEN[1])
    web = c.box(98, 230, 340, 110, "API / web tier", ORANGE)
    orders = c.box(98, 420, 340, 110, "Orders service", BLUE, note="shared, multi-tenant")
    catalog = c.box(98, 610, 340, 110, "Catalog service", BLUE, note="shared, multi-tenant")
    endpoint = c.box(518, 420, 340, 110, "Interface endpoint", PURPLE, note="PrivateLink consumer")
    c.arrow([web.bottom(), orders.top()])
    c.arrow([orders.bottom(), catalog.top()])
    c.arrow([orders.right(), endpoint.left()])

    nlb = c.box(1140, 420, 320, 110, "Endpoint service", PURPLE, note="NLB in tenant VPC")
    remote = c.box(1540, 420, 360, 110, "Billing service", AMBER, note="remote, tenant-hosted")
    store = c.box(1540, 640, 360, 110, "Tenant data store", TEAL, note="never leaves the account")
    ops = c.box(1140, 230, 320, 110, "Deploy role", SLATE, note="provider pushes updates")
    c.arrow([endpoint.right(), nlb.left()], label="AWS PrivateLink", label_offset=(0, -24))
    c.arrow([nlb.right(), remote.left()])
    c.arrow([remote.bottom(), store.top()])
    c.arrow([ops.right(), (remote.center[0], ops.center[1]), remote.top()], dashed=True, color="#94a3b8")
    c.text((1000, 920), "Tenant secures the environment; provider keeps the number of remote services small",
           size=19, color=MUTED)
    return c


# ---------------------------------------------------------------------------
# Figures for the other sample posts
# ---------------------------------------------------------------------------


def request_flow() -> Canvas:
    """The simple serverless request path used in the diagrams-as-code post."""
    c = Canvas(1600, 560, "Request flow", "A typical serverless API: every box scales to zero")
    boxes = [
        c.box(60, 230, 280, 140, "Client", GREEN, note="browser / mobile"),
        c.box(460, 230, 280, 140, "API Gateway", ORANGE, note="auth · throttling"),
        c.box(860, 230, 280, 140, "Lambda", AMBER, note="business logic"),
        c.box(1260, 230, 280, 140, "DynamoDB", BLUE, note="on-demand table"),
    ]
    for a, b in zip(boxes, boxes[1:]):
        c.arrow([a.right(-20), b.left(-20)])
        c.arrow([b.left(20), a.right(20)], color="#94a3b8")
    c.text((800, 460), "requests flow right; responses flow back", size=19, color=MUTED)
    return c


def dynamodb_breakeven() -> Canvas:
    """Monthly cost of 1 request/s: on-demand (flat) vs provisioned (1/utilization)."""
    c = Canvas(1600, 960, "DynamoDB: on-demand vs provisioned writes",
               "Monthly cost of serving an average of 1 write/s, us-east-1 prices (2023)")
    hours = 730
    on_demand = 3600 * hours * 1.25e-6          # $ per month for 1 write/s
    provisioned_full = hours * 0.00065          # $ per month for 1 WCU fully used
    x0, y0, x1, y1 = 150, 190, 1520, 820        # plot area
    y_max = 8.0

    def px(u: float) -> float:
        return x0 + (x1 - x0) * u

    def py(cost: float) -> float:
        return y1 - (y1 - y0) * min(cost, y_max) / y_max

    # Grid and axes.
    for i in range(0, 9):
        y = py(i)
        c.draw.line((x0 * SCALE, y * SCALE, x1 * SCALE, y * SCALE), fill="#e2e8f0", width=SCALE)
        c.text((x0 - 16, y), f"${i}", size=18, color=MUTED, anchor="rm")
    for pct in range(0, 101, 10):
        x = px(pct / 100)
        c.draw.line((x * SCALE, y0 * SCALE, x * SCALE, y1 * SCALE), fill="#eef2f6", width=SCALE)
        c.text((x, y1 + 24), f"{pct}%", size=18, color=MUTED)
    c.draw.line((x0 * SCALE, y1 * SCALE, x1 * SCALE, y1 * SCALE), fill=LINE, width=2 * SCALE)
    c.draw.line((x0 * SCALE, y0 * SCALE, x0 * SCALE, y1 * SCALE), fill=LINE, width=2 * SCALE)
    c.text(((x0 + x1) / 2, y1 + 70), "average utilization of provisioned capacity", size=20, color=MUTED)

    # Shade the region where on-demand is cheaper.
    breakeven = provisioned_full / on_demand
    shade = Image.new("RGBA", c.image.size, (0, 0, 0, 0))
    ImageDraw.Draw(shade).rectangle((x0 * SCALE, y0 * SCALE, px(breakeven) * SCALE, y1 * SCALE),
                                    fill=(22, 163, 74, 28))
    c.image.paste(Image.alpha_composite(c.image.convert("RGBA"), shade).convert("RGB"))
    c.draw = ImageDraw.Draw(c.image)

    def curve(fn: Callable[[float], float], start: float) -> list[tuple[float, float]]:
        steps = 300
        return [(px(u) * SCALE, py(fn(u)) * SCALE)
                for u in (start + (1 - start) * k / steps for k in range(steps + 1))]

    c.draw.line(curve(lambda u: on_demand, 0.0), fill=GREEN[1], width=5 * SCALE)
    c.draw.line(curve(lambda u: provisioned_full / u, provisioned_full / y_max), fill=BLUE[1], width=5 * SCALE,
                joint="curve")
    bx, by = px(breakeven), py(on_demand)
    c.draw.ellipse(((bx - 9) * SCALE, (by - 9) * SCALE, (bx + 9) * SCALE, (by + 9) * SCALE), fill=INK)
    c.text((bx + 24, by - 40), f"break-even ≈ {breakeven:.1%}", size=22, bold=True, anchor="lm")
    c.text((px(0.62), py(on_demand) - 28), f"on-demand: ${on_demand:.2f}/month", size=20, color=GREEN[1])
    c.text((px(0.8), py(1.3)), f"provisioned: ${provisioned_full:.2f}/month at 100%", size=20, color=BLUE[1])
    c.text((px(breakeven / 2), py(1.0)), "on-demand\ncheaper", size=18, color=GREEN[1])
    return c


DIAGRAMS: dict[str, Callable[[], Canvas]] = {
    "reinvent-2023/elasticache-serverless-scaling.png": elasticache_serverless_scaling,
    "reinvent-2023/aurora-limitless-shard-group.png": aurora_limitless_shard_group,
    "reinvent-2023/aurora-limitless-compute-redundancy.png": aurora_limitless_compute_redundancy,
    "reinvent-2023/vector-embedding-rag.png": vector_embedding_rag,
    "reinvent-2023/saas-anywhere-onboarding.png": saas_anywhere_onboarding,
    "reinvent-2023/saas-anywhere-deployment-models.png": saas_anywhere_deployment_models,
    "reinvent-2023/saas-anywhere-iam.png": saas_anywhere_iam,
    "reinvent-2023/saas-anywhere-remote-workload.png": saas_anywhere_remote_workload,
    "diagrams/request-flow.png": request_flow,
    "dynamodb-breakeven.png": dynamodb_breakeven,
}


def main() -> None:
    """Draw every diagram and report its size."""
    for relpath, draw in DIAGRAMS.items():
        canvas = draw()
        size = canvas.save(IMAGES / relpath)
        print(f"{relpath:55} {canvas.width}x{canvas.height}  {size / 1024:6.1f} KB")


if __name__ == "__main__":
    main()
