"""Keep every popup inside its map: a scrolling maximum height, clear of the date stamp and notice.

A settlement with many claims makes a popup taller than the map: its top hid under the date stamp
and its foot could not be reached. When a popup opens, its content gets a maximum height that fits
between the stamp and the notice at the map's foot and scrolls beyond it, and the map pans the
whole popup into that room. The legend sits outside the map (`legend.py`), so nothing on the map
covers a popup.
"""

from __future__ import annotations

from jinja2 import Template

from dashboard.branca_compat import FrontlineElement

# Around the popup's content: its margins (2 x 13 px), border (2 x 1 px), tip (20 px) and the
# margin under the tip (20 px).
POPUP_CHROME_PX = 68
STAMP_GAP_PX = 8
SMALLEST_POPUP_PX = 120
POPUP_OPEN_CLASS = "frontline-popup-open"
# What sits on the map's foot and would cover a popup's tip: the claims notice, and Leaflet's
# bottom-left controls (the scale). The attribution (bottom right) is small and left alone.
FOOT_FURNITURE = ".frontline-notice, .leaflet-bottom.leaflet-left .leaflet-control"


class PopupFrame(FrontlineElement):
    """Fit each popup of the map into the room the map leaves it (see the module docstring)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .leaflet-popup-content {max-height: calc(100vh - {{ this.chrome + 60 }}px);
            overflow-y: auto; overscroll-behavior: contain;}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this.parent_name }};
            var box = map.getContainer();
            map.on("popupopen", function (event) {
                var popup = event.popup;
                var stamp = box.querySelector(".frontline-date");
                var top = stamp ? stamp.offsetTop + stamp.offsetHeight + {{ this.gap }} : 10;
                var foot = 10;
                box.querySelectorAll({{ this.foot_selector | tojson }}).forEach(function (el) {
                    if (el.offsetHeight) {
                        var above = box.getBoundingClientRect().bottom
                            - el.getBoundingClientRect().top;
                        foot = Math.max(foot, above + {{ this.gap }});
                    }
                });
                var room = box.clientHeight - top - foot - {{ this.chrome }};
                var content = popup.getElement().querySelector(".leaflet-popup-content");
                content.style.maxHeight = Math.max({{ this.smallest }}, room) + "px";
                popup.options.autoPanPaddingTopLeft = L.point(10, top);
                popup.options.autoPanPaddingBottomRight = L.point(10, foot);
                L.DomUtil.addClass(box, {{ this.open_class | tojson }});
                popup.update();
            });
            map.on("popupclose", function () {
                L.DomUtil.removeClass(box, {{ this.open_class | tojson }});
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__("PopupFrame")
        self.chrome = POPUP_CHROME_PX
        self.gap = STAMP_GAP_PX
        self.smallest = SMALLEST_POPUP_PX
        self.open_class = POPUP_OPEN_CLASS
        self.foot_selector = FOOT_FURNITURE
