"""The dashboard chart: top-ups per day stacked by gateway, and new customers per day (PNG).

matplotlib with the Agg backend (no display); rendering blocks, so ``render_chart`` runs it in a
thread, and every figure is closed after saving so memory does not grow with each chart.
"""

from __future__ import annotations

import asyncio
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from core.money import EXPONENTS
from core.services.stats import ChartSeries


def _major(amount: int, currency: str) -> float:
    return amount / 10 ** EXPONENTS.get(currency, 2)  # display only; never stored


def chart_png(series: ChartSeries, *, currency: str, revenue_title: str,
              customers_title: str) -> bytes:
    labels = [day[5:] for day in series.days]  # MM-DD
    positions = list(range(len(labels)))
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 6.5), dpi=100, sharex=True,
                                      gridspec_kw={"height_ratios": [3, 2]})
    try:
        base = [0.0] * len(labels)
        for gateway, amounts in series.revenue.items():
            values = [_major(a, currency) for a in amounts]
            top.bar(positions, values, bottom=base, label=gateway)
            base = [b + v for b, v in zip(base, values, strict=True)]
        top.set_title(revenue_title)
        top.set_ylabel(currency)
        if series.revenue:
            top.legend(loc="upper left", fontsize="small")
        top.grid(axis="y", alpha=0.3)
        bottom.bar(positions, series.new_customers, color="#4c9a2a")
        bottom.set_title(customers_title)
        bottom.grid(axis="y", alpha=0.3)
        bottom.set_xticks(positions[::3], labels[::3], rotation=45, fontsize="small")
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(fig)


async def render_chart(series: ChartSeries, **kwargs: str) -> bytes:
    return await asyncio.to_thread(chart_png, series, **kwargs)
