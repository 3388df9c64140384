"""Per-customer aggregates of an interactions CSV with pandas.

Computes, for every customer, what engagement.Profile reports for the same
file (benchmarks/foldcsv): interactions, purchases, distinct purchase days
(UTC), first and last purchase, last interaction, monetary value (purchases
less returns, exact in integer cents), mean and count of satisfaction
answers, the latest likelihood-to-recommend answer (the higher of two at
one instant), referrals, and open and resolved complaints. Interactions
after the as-of time are left out. Prints the same totals as foldcsv.

    /usr/bin/python3 benchmarks/pandas/fold.py /tmp/interactions.csv 2026-01-01
"""

import sys
import time

import numpy as np
import pandas as pd


def main(path, as_of):
    start = time.perf_counter()
    df = pd.read_csv(
        path,
        usecols=["customer", "time", "kind", "amount", "rating", "scale"],
        dtype={"customer": "string", "kind": "category", "scale": "category", "amount": "string"},
    )
    df["time"] = pd.to_datetime(df["time"], utc=True, format="%Y-%m-%dT%H:%M:%S%z")
    df = df[df["time"] <= pd.Timestamp(as_of, tz="UTC")]
    # Exact money: the amounts as integer cents, read from their text.
    cents = df["amount"].fillna("0").str.replace(".", "", regex=False).astype("int64")
    has_point = df["amount"].fillna("").str.contains(".", regex=False)
    df["cents"] = np.where(has_point, cents, cents * 100)
    parsed = time.perf_counter()

    key = df["customer"].astype("category").cat.codes
    df["key"] = key
    g = df.groupby("key", sort=False)
    out = pd.DataFrame({"interactions": g.size()})
    kind = df["kind"]
    buys = df[kind == "purchase"]
    bg = buys.groupby("key", sort=False)
    out["purchases"] = bg.size()
    out["purchase_days"] = buys.assign(day=buys["time"].dt.floor("D")).groupby("key", sort=False)["day"].nunique()
    out["first_purchase"] = bg["time"].min()
    out["last_purchase"] = bg["time"].max()
    out["last_seen"] = g["time"].max()
    signed = np.where(kind == "purchase", df["cents"], np.where(kind == "return", -df["cents"], 0))
    out["monetary_cents"] = df.assign(signed=signed).groupby("key", sort=False)["signed"].sum()
    sat = df[df["scale"] == "satisfaction"].groupby("key", sort=False)["rating"]
    out["satisfaction"] = sat.mean()
    out["satisfaction_answers"] = sat.size()
    rec = df[df["scale"] == "recommend"].sort_values(["time", "rating"])
    out["recommend"] = rec.groupby("key", sort=False)["rating"].last()
    out["referrals"] = (kind == "referral").groupby(df["key"], sort=False).sum()
    compl = (kind == "complaint").groupby(df["key"], sort=False).sum()
    resolved = (kind == "complaint_resolved").groupby(df["key"], sort=False).sum()
    out["complaints_open"] = (compl - resolved).clip(lower=0)
    out["complaints_resolved"] = resolved
    out = out.fillna({"purchases": 0, "purchase_days": 0, "satisfaction_answers": 0})
    done = time.perf_counter()

    cents_total = int(out["monetary_cents"].sum())
    print(f"customers {len(out)}")
    print(f"interactions {int(out['interactions'].sum())}")
    print(f"purchases {int(out['purchases'].sum())}")
    print(f"purchase_days {int(out['purchase_days'].sum())}")
    print(f"monetary {cents_total // 100}.{cents_total % 100:02d}")
    print(f"satisfaction_answers {int(out['satisfaction_answers'].sum())}")
    print(f"satisfaction_sum {(out['satisfaction'] * out['satisfaction_answers']).sum():.0f}")
    print(f"with_recommend {int(out['recommend'].notna().sum())}")
    print(f"referrals {int(out['referrals'].sum())}")
    print(f"complaints_open {int(out['complaints_open'].sum())}")
    print(f"complaints_resolved {int(out['complaints_resolved'].sum())}")
    print(f"parse {parsed - start:.3f}s, aggregate {done - parsed:.3f}s "
          f"({len(df) / (done - parsed) / 1e6:.1f} M events/s), total {done - start:.3f}s", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: fold.py file.csv YYYY-MM-DD")
    main(sys.argv[1], sys.argv[2])
