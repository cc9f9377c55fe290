"""Run the mongoeco MongoDB wire-protocol emulator (needs Python >= 3.13, its own venv).

Usage: python scripts/mongo_server.py --port 27017 [--data-dir DIR]

With --data-dir the emulator keeps its data in SQLite files there, so a restart keeps
what was written (the chaos tests restart it mid-workflow); without it, data lives in memory.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
from pathlib import Path

from mongoeco.engines.memory import MemoryEngine
from mongoeco.engines.sqlite import SQLiteEngine
from mongoeco.wire import AsyncMongoEcoProxyServer


async def serve(host: str, port: int, data_dir: str | None) -> None:
    engine = SQLiteEngine(str(Path(data_dir) / "mongoeco.sqlite3")) if data_dir else MemoryEngine()
    server = AsyncMongoEcoProxyServer(engine=engine, host=host, port=port)
    address = await server.start()
    print(f"mongoeco wire server listening on {address.host}:{address.port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=27017)
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args()
    if args.data_dir:
        Path(args.data_dir).mkdir(parents=True, exist_ok=True)
    asyncio.run(serve(args.host, args.port, args.data_dir))


if __name__ == "__main__":
    main()
