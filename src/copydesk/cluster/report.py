"""The clustering's output: each story's cluster fields, clusters.jsonl rows, stats.

`ClusterReport.label` is called on every story row as the engine streams the final stories
out, and keeps what clusters.jsonl needs of each: a few small fields, not the text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from copydesk.cluster.group import Cluster, Member

# The largest clusters listed in stats.json.
LARGEST = 10


class ClusterReport:
    def __init__(self, clusters: Sequence[Cluster], stories: int) -> None:
        self.clusters = clusters
        self._where: list[tuple[int, Member] | None] = [None] * stories
        for c, cluster in enumerate(clusters):
            for m in cluster.members:
                self._where[m.index] = (c, m)
        self._members: list[dict[int, dict[str, Any]]] = [{} for _ in clusters]
        self._lead: dict[int, tuple[str | None, Any]] = {}  # cluster → headline, dateline

    def label(self, index: int, row: dict[str, Any]) -> None:
        """Set the cluster fields of the story at this position of the pass's input."""
        where = self._where[index]
        assert where is not None, f"story {index} is in no cluster"
        c, member = where
        cluster = self.clusters[c]
        row["cluster_id"] = cluster.cluster_id
        row["canonical"] = member.relation is None
        row["relation"] = member.relation and str(member.relation)
        if member.relation is None:
            self._lead[c] = (row.get("headline"), row.get("dateline"))
        self._members[c][index] = {
            "story_id": row["story_id"],
            "doc_id": row["doc_id"],
            "source": row["source"],
            "date": row["date"],
            "relation": row["relation"],
            "similarity": member.similarity,
        }

    def rows(self) -> Iterator[dict[str, Any]]:
        """clusters.jsonl: one row a cluster, in canonical order of the canonical copies."""
        for c, cluster in enumerate(self.clusters):
            members = [self._members[c][m.index] for m in cluster.members]
            dates = sorted(m["date"] for m in members if m["date"])
            headline, dateline = self._lead.get(c, (None, None))
            yield {
                "cluster_id": cluster.cluster_id,
                "size": len(members),
                "canonical": members[0]["story_id"],
                "headline": headline,
                "dateline": dateline,
                "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None,
                "outlets": sorted({m["source"] for m in members if m["source"]}),
                "members": members,
            }

    def stats(self) -> dict[str, Any]:
        sizes = Counter(len(c.members) for c in self.clusters)
        largest = sorted(range(len(self.clusters)), key=lambda c: -len(self.clusters[c].members))
        return {
            "clusters": len(self.clusters),
            "singletons": sizes.get(1, 0),
            "size_distribution": {str(k): sizes[k] for k in sorted(sizes)},
            "largest": [
                {
                    "cluster_id": self.clusters[c].cluster_id,
                    "size": len(self.clusters[c].members),
                    "headline": self._lead.get(c, (None, None))[0],
                }
                for c in largest[:LARGEST]
            ],
        }
