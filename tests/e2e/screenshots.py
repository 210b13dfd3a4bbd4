"""`make screenshots`: build the embedded demo (as of 2027-03-01) and photograph four pages into
docs/screenshots/ with headless system Chromium: home, a college, a verdict and a list page."""
from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path[:0] = [str(REPO), str(HERE)]

from harness import chromium, serve  # noqa: E402

AS_OF = dt.date(2027, 3, 1)
SHOTS = {                       # name → (page, viewport width); the demo story says who is who
    "home": ("", 1280),
    "college": ("colleges/4111010007/", 1280),            # one material published a day late
    "verdict": ("reviews/2025/4111010001/", 1280),        # 有效 with exactly 12/15
    "list": ("lists/2026/", 1280),                         # 待改进 / 通报批评 / 限制措施 / 视作异常
}
MAX_HEIGHT = 2200


def main() -> int:
    from generator.build import build_site

    out_dir = REPO / "docs" / "screenshots"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        res = build_site(REPO, site, AS_OF, pdf=False)
        if not res.ok:
            print("演示数据有错误，无法截图", file=sys.stderr)
            return 1
        with serve(site) as base, chromium() as browser:
            for name, (path, width) in SHOTS.items():
                page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=1)
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
                target = out_dir / f"{name}.png"
                page.screenshot(path=str(target), full_page=True,
                                clip={"x": 0, "y": 0, "width": width, "height": height})
                page.close()
                print(f"{target.relative_to(REPO)}  {width}×{height}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
