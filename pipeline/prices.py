"""Model prices, from a small TOML or JSON file the user keeps (prices change often, so
none are built in).

    # prices.toml: per model, per million tokens
    [models."deepseek-chat"]
    input = 2.0           # prompt tokens
    cached_input = 0.5    # prompt tokens the provider served from its prefix cache
    output = 8.0          # completion tokens
    batch_discount = 0.5  # share taken off in batch mode (0 when there is none)
    currency = "CNY"      # default USD

The same content as JSON (``{"models": {"deepseek-chat": {...}}}``) works too.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from pipeline.errors import UsageError


class Price(BaseModel):
    """What one model costs, per million tokens."""

    input: float = Field(ge=0)
    cached_input: float | None = Field(default=None, ge=0)  # None: cached tokens cost as input
    output: float = Field(ge=0)
    batch_discount: float = Field(default=0.0, ge=0, lt=1)
    currency: str = "USD"

    def cost(self, prompt: int, cached: int, completion: int, *, batch: bool = False) -> float:
        """The cost of a run's tokens; ``cached`` is the part of ``prompt`` served from cache."""
        cached_rate = self.input if self.cached_input is None else self.cached_input
        total = ((prompt - cached) * self.input + cached * cached_rate + completion * self.output) / 1e6
        return total * (1 - self.batch_discount) if batch else total

    def format(self, amount: float) -> str:
        return f"{amount:.4f} {self.currency}"


def load_prices(path: str | Path) -> dict[str, Price]:
    """Read a price table.

    Args:
        path: a ``.toml`` or ``.json`` file with a ``models`` table, keyed by model name.

    Returns:
        Model name -> :class:`Price`.

    Raises:
        UsageError: the file is missing, not TOML/JSON, or a price is malformed.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except OSError as exc:
        raise UsageError(f"price table {path}: {exc.strerror}") from None
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"price table {path} is not valid {'JSON' if path.suffix == '.json' else 'TOML'}: {exc}") from None
    prices = {}
    for name, entry in data.get("models", {}).items():
        try:
            prices[name] = Price.model_validate(entry)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise UsageError(f"price table {path}, model {name!r}: "
                             f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    return prices
