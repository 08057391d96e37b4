"""The after-action review: a saved game as an HTML or PDF report, turn by turn.

The first page gives the verdict and the score with how it was made up, what
changed over the game (area held, Moscow's home front, the key places), who
played each role and a line per month. Then for each turn: the map as it
stood, Moscow's decisions and the notes taken on that turn, the main events
with the rule and argument behind each, and any umpire interventions (marked
\u2691); then the indicator charts and the predictions. Maps and charts are
rendered offscreen with the game's own map view and pyqtgraph, never shown
on screen, so the report shows what the window showed.
"""
from __future__ import annotations

import base64
import datetime
from pathlib import Path
from typing import Callable

import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QEvent, QIODevice, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from ui.controller import GameSession
from ui.event_log import UMPIRE_COLOUR
from ui.text import PHASES, esc, indicator_label, month_of_turn, readable, short_month
from ui.turn_report import (decisions_html, month_chart, operation_arrows, places_changed, score_table, set_month_axis,
                            weight_of)
from wargame.claims import claim_line
from wargame.summary import KEY_PLACES

MAP_SIZE = (900, 560)
CHARTS = (("Share of Syria's area (%)", ("regime", "isis", "opposition", "sdf")),
          ("Russia at home", ("russian_domestic_support", "russian_war_cost", "international_standing")),
          ("Diplomacy", ("talks_progress", "ceasefire_level", "turkey_relations", "us_relations")))
CHART_COLOURS = ("#d55e00", "#2b2b2b", "#009e73", "#b8a400", "#1f4e79")
FLAG = "\u2691"  # marks the umpire's hand, as in the log and the turn report
Progress = Callable[[int, int], None]


class ReportError(ValueError):
    """The report cannot be written; the message names the file."""


def export_report(session: GameSession, out: str | Path, progress: Progress | None = None, geometry=None) -> int:
    """Write the report of ``session`` to ``out`` (.html or .pdf); returns the number of turns covered."""
    out = Path(out)
    kind = out.suffix.lower()
    if kind not in (".html", ".htm", ".pdf"):
        raise ReportError(f"{out}: a report is .html or .pdf, not {out.suffix or 'a file without extension'}")
    images, html = build_report(session, progress, geometry)
    if kind == ".pdf":
        write_pdf(html, images, out)
    else:
        inline = html
        for name, image in images.items():
            inline = inline.replace(f'src="{name}"', f'src="data:image/png;base64,{_png_base64(image)}"')
        from wargame.files import write_text_atomically

        try:
            write_text_atomically(out, inline)
        except OSError as exc:
            raise ReportError(f"{out}: cannot write the report ({exc.strerror or exc})") from None
    return len(session.states) - 1


def build_report(session: GameSession, progress: Progress | None = None, geometry=None) -> tuple[dict, str]:
    """The report as HTML referring to images by name, and the images (name -> QImage).

    The first page gives the verdict, the score and what changed over the game, then a line per
    month; a page per turn follows, then the charts and the predictions. The maps are drawn by a
    map view that is never put on screen (``WA_DontShowOnScreen``), the charts without showing one.
    """
    from PySide6.QtCore import Qt

    from ui.map_view import MapView

    game = session.game
    record = session.record
    view = MapView(game.board, session.states[0].control, None, geometry)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(*MAP_SIZE)
    view.show()  # laid out and painted like the window's map, but only into the images below
    view.fit_map()
    images: dict[str, QImage] = {}
    turns = len(session.states) - 1
    parts = [_first_page(session)]
    if session.events and session.events[0]:
        parts.append(f"<p><b>{FLAG} The umpire before the first month:</b></p><ul>"
                     + "".join(f"<li>{FLAG} {esc(e.text)}</li>" for e in session.events[0]) + "</ul>")
    try:
        for turn in range(1, turns + 1):
            name = f"turn-{turn:02d}.png"
            view.set_control(session.states[turn].control)
            view.show_operations(operation_arrows(session, turn))
            view.fit_map()
            images[name] = view.grab().toImage()
            parts.append(_turn_html(session, turn, name))
            if progress is not None:
                progress(turn, turns + 1)
    finally:
        view.close()
        _dispose(view)
    parts.append("<h2 style='page-break-before: always'>The war in charts</h2>")
    for index, (title, keys) in enumerate(CHARTS):
        name = f"chart-{index}.png"
        images[name] = _chart_image(session, title, keys)
        parts.append(f"<p><img src='{name}' width='640'></p>".replace("'", '"'))
    scored = predictions_html(session)
    if scored:
        parts.append("<h2 style='page-break-before: always'>Predictions</h2>" + scored)
    if progress is not None:
        progress(turns + 1, turns + 1)
    return images, "<html><body style='font-family: sans-serif'>" + "".join(parts) + "</body></html>"


def _first_page(session: GameSession) -> str:
    """Title, the verdict and score with how they were made up, what changed over the game, who
    played, and the war month by month: the page to read if one reads only one."""
    game = session.game
    record = session.record
    turns = len(session.states) - 1
    names = {"moscow": "Moscow", **{bot.id: bot.name for bot in game.rules.bots}}
    roles = ", ".join(f"{esc(names.get(actor, actor))}: {esc(_who(role))}"
                      for actor, role in sorted((record.roles if record else {}).items()))
    span = f"{month_of_turn(1)} to {month_of_turn(turns)}" if turns else "the opening only"
    parts = [f"<h1>After-action review: {esc(game.scenario.title)}</h1>",
             f"<p>Scenario {esc(game.scenario.id)}, seed {session.seed}, {turns} turns ({span}). Report written "
             f"{datetime.date.today().isoformat()}.</p>"]
    outcome = session.outcome
    if outcome is not None:
        parts.append(f"<h2>The verdict: {esc(outcome.name)}</h2>"
                     f"<p style='font-size:x-large'>Score <b>{outcome.score}</b> out of 100</p>"
                     f"<p><b>{esc(outcome.summary)}</b></p>" + score_table(outcome))
    else:
        parts.append(f"<h2>No verdict yet</h2><p>The game stopped after {month_of_turn(turns)} "
                     f"(turn {turns} of {game.last_turn}); the verdict comes at the end of the last month.</p>")
    if turns:
        parts.append(_key_result(session))
    parts.append(f"<p><b>Roles:</b> {roles or 'Moscow: ' + esc(session.moscow)}</p>")
    if record is not None and record.session:
        umpire_mode = "with an umpire" if record.session.get("umpire") else "without an umpire"
        parts.append(f"<p><b>Training session</b> started {esc(record.session.get('started', ''))}, "
                     f"{umpire_mode}.</p>")
    if record is not None and record.parent is not None:
        parts.append(f"<p>A branch of game {esc(record.parent.id[:8])} from turn {record.parent.turn}.</p>")
    if turns:
        parts.append(_month_by_month(session))
    return "".join(parts)


def _key_result(session: GameSession) -> str:
    """The map and Moscow's home front at the start and at the end, and the key places won and lost."""
    turns = len(session.states) - 1
    first, last = session.area_shares(0), session.area_shares(turns)
    shares = ", ".join(f"{esc(readable(f))} {first[f]:.0f}% &rarr; <b>{last[f]:.0f}%</b>"
                       for f in ("regime", "isis", "opposition", "sdf", "turkey"))
    start, end = session.states[0].values, session.states[turns].values
    home = ", ".join(f"{esc(indicator_label(k))} {start.get(k, 0.0):.0f} &rarr; <b>{end.get(k, 0.0):.0f}</b>"
                     for k in ("russian_domestic_support", "russian_casualties", "talks_progress")
                     if k in end)
    board = session.game.board
    moved = []
    for place_id in KEY_PLACES:
        place = board.places.get(place_id)
        if place is None:
            continue
        old, new = session.states[0].control[place.cell], session.states[turns].control[place.cell]
        if old != new:
            moved.append(f"{esc(place.name)} ({esc(readable(old))} &rarr; {esc(readable(new))})")
    lines = [f"<p><b>Area held, {month_of_turn(0)} to {month_of_turn(turns)}:</b> {shares}.</p>",
             f"<p><b>At home and at the table:</b> {home}.</p>" if home else "",
             f"<p><b>Key places that changed hands:</b> {', '.join(moved)}.</p>" if moved
             else "<p><b>Key places that changed hands:</b> none.</p>"]
    return "".join(lines)


def _course(game, orders, last) -> str:
    """Moscow's orders for a month as the review's table gives them: every stance the first month,
    then only what changed, and the one-shot actions each month ("no change" when neither)."""
    from wargame.orders import STANCE_FIELDS

    if orders is None:
        return ""
    parts = []
    for field in STANCE_FIELDS:
        option = getattr(orders, field)
        if last is None or option != getattr(last, field):
            parts.append(esc(game.rules.stance(field, option).label))  # as the month's stances event names them
    actions = [game.rules.actions[a].label if a in game.rules.actions else a for a in orders.actions]
    if actions:
        parts.append("<i>actions:</i> " + esc(", ".join(actions)))
    return "; ".join(parts) or "<font color='#888'>no change</font>"


def _month_by_month(session: GameSession) -> str:
    """A line per month: Moscow's course, the places that changed hands, the umpire's hand."""
    game = session.game
    rows, last = [], None
    for turn in range(1, len(session.states)):
        orders = session.orders[turn]
        course = _course(game, orders, last)
        last = orders if orders is not None else last
        changed = ", ".join(f"{esc(name)} ({esc(readable(old))} &rarr; {esc(readable(new))})"
                            for name, old, new in places_changed(session, turn))
        umpired = sum(e.phase == "umpire" for e in session.events[turn])
        if umpired:
            changed += (", " if changed else "") + f"{FLAG} {umpired} umpire intervention{'s' * (umpired > 1)}"
        rows.append(f"<tr><td>{short_month(turn)}</td><td>{course}</td><td>{changed or '&ndash;'}</td></tr>")
    return ("<h3>Month by month</h3><table cellspacing=0 cellpadding=2><tr><th align=left>Month</th>"
            "<th align=left>Moscow's orders (what changed)</th><th align=left>Changed hands</th></tr>"
            + "".join(rows) + "</table>")


def _turn_html(session: GameSession, turn: int, image: str) -> str:
    game = session.game
    record = session.record
    orders = session.orders[turn]
    parts = [f"<h2 style='page-break-before: always'>{month_of_turn(turn)} (turn {turn})</h2>",
             f'<p><img src="{image}" width="600"></p>']
    shares = session.area_shares(turn)
    parts.append("<p><b>Area held:</b> " + ", ".join(f"{esc(readable(f))} {shares[f]:.0f}%" for f in
                                                      ("regime", "isis", "opposition", "sdf", "turkey")) + "</p>")
    changed = places_changed(session, turn)
    if changed:
        parts.append("<p><b>Changed hands:</b> " + ", ".join(
            f"{esc(name)} ({esc(readable(old))} &rarr; {esc(readable(new))})" for name, old, new in changed) + "</p>")
    if orders is not None:
        stances = "; ".join(game.rules.stance(n, getattr(orders, n)).label
                            for n in ("strategy", "air_focus", "air_intensity", "ground"))
        actions = ", ".join(game.rules.actions[a].label for a in orders.actions if a in game.rules.actions)
        parts.append(f"<p><b>Moscow's decisions:</b> {esc(stances)}. Actions: {esc(actions or 'none')}.</p>")
    if record is not None and record.notes.get(turn):
        parts.append(f"<p><b>Note:</b> {esc(record.notes[turn])}"
                     f"{' (bookmarked)' if turn in record.bookmarks else ''}</p>")
    decided = decisions_html(session, turn)
    if decided:
        parts.append(decided)
    umpired = [e for e in session.events[turn] if e.phase == "umpire"]
    if umpired:
        items = "".join(f"<li>{FLAG} {esc(e.text)}</li>" for e in umpired)
        parts.append(f"<p style='color:{UMPIRE_COLOUR}'><b>{FLAG} Umpire interventions:</b></p><ul>{items}</ul>")
    events = sorted((e for e in session.events[turn] if e.rule != "moscow.stances" and e.phase != "umpire"),
                    key=lambda e: -weight_of(e))[:6]
    if events:
        rows = []
        for event in events:
            moved = ", ".join(f"{indicator_label(k)} {v:+.1f}" for k, v in list(event.changes.items())[:3])
            why = sentences(PHASES.get(event.phase, event.phase), claim_line(event.claim), moved)
            rows.append(f"<li>{esc(event.text)}<br><small>{esc(why)}</small></li>")
        parts.append("<p><b>Main events:</b></p><ol>" + "".join(rows) + "</ol>")
    return "".join(parts)


def sentences(*parts: str) -> str:
    """Parts joined as sentences: 'Moscow. C13: ... and it may work. Talks progress +27.0.'
    (a part that already ends a sentence keeps its own stop; empty parts are left out)."""
    out = []
    for part in parts:
        part = part.strip()
        if part:
            out.append(part if part[-1] in ".!?" else part + ".")
    return " ".join(out)


def _who(role: str) -> str:
    """Who played a role, as the report says it ('Ayse', 'the bot', 'the deal policy')."""
    if role.startswith("player:"):
        return role[7:]
    if role.startswith("policy:"):
        return f"the {role[7:]} policy"
    if role.startswith("orders:"):
        return f"orders file {role[7:]}"
    return {"player": "the player", "bot": "the bot"}.get(role, role)


def predictions_html(session: GameSession) -> str:
    """Every participant's predictions scored against what happened, with a tally per participant."""
    from wargame import predictions

    record = session.record
    if record is None:
        return ""
    rows, tally = [], {}
    for entry in record.turns:
        for role, decision in entry.decisions.items():
            prediction = decision.get("prediction")
            if not prediction:
                continue
            who = f"{decision.get('participant', '')} ({role.title()})"
            fared = predictions.score(prediction, session.states, session.game)
            right, total = tally.get(who, (0, 0))
            tally[who] = (right + (fared.verdict == "right"), total + (fared.verdict != "open"))
            rows.append(f"<tr><td>{esc(who)}</td><td>{month_of_turn(entry.turn)}</td>"
                        f"<td>{esc(predictions.describe(prediction, session.game))}</td>"
                        f"<td><b>{fared.verdict}</b></td><td>{esc(fared.why)}</td></tr>")
    if not rows:
        return ""
    summary = "".join(f"<li>{esc(who)}: {right} of {total} right</li>" for who, (right, total) in tally.items())
    return (f"<ul>{summary}</ul><table cellspacing=6><tr><th align=left>Participant</th><th align=left>Made in</th>"
            f"<th align=left>Prediction</th><th align=left>Result</th><th align=left>Why</th></tr>"
            + "".join(rows) + "</table>")


def _chart_image(session: GameSession, title: str, keys) -> QImage:
    """One chart of the report, months along the bottom and the legend below the curves, drawn
    without ever being shown."""
    chart, plot, legend = month_chart(title, columns=len(keys), text_size="9pt")
    chart.resize(900, 320)
    turns = list(range(len(session.states)))
    for key, colour in zip(keys, CHART_COLOURS):
        if key in ("regime", "isis", "opposition", "sdf"):
            values = [session.area_shares(t)[key] for t in turns]
            name = readable(key)
        else:
            values = [s.values.get(key, 0.0) for s in session.states]
            name = indicator_label(key)
        legend.addItem(plot.plot(turns, values, pen=pg.mkPen(colour, width=2)), name)
    set_month_axis(plot, turns[-1])
    image = chart.grab().toImage()
    _dispose(chart)
    return image


def _dispose(widget) -> None:
    """Delete a widget that was built only to be drawn, now. deleteLater waits for an event loop,
    which a report written from the command line never runs: the widget was then left to
    Python's exit, which could delete it after the application itself (a segfault on exit)."""
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def write_pdf(html: str, images: dict[str, QImage], out: Path) -> None:
    """Lay the HTML out on A4 pages (a new page for each turn) and write a PDF."""
    document = QTextDocument()
    for name, image in images.items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    document.setHtml(html)
    tmp = out.with_name(f".{out.name}.tmp")
    writer = QPdfWriter(str(tmp))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    writer.setResolution(110)
    writer.setTitle("After-action review")
    document.setPageSize(QSizeF(writer.width(), writer.height()))
    document.print_(writer)
    del writer  # finishes the file
    try:
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ReportError(f"{out}: cannot write the report ({exc.strerror or exc})") from None


def _png_base64(image: QImage) -> str:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return base64.b64encode(bytes(data)).decode("ascii")
