"""The console's harness: a whole system of real processes (gateway, tracker, one replica of
each agent) on the run's RabbitMQ and Mongo wire server, two accounts, and Debian's chromium
driven by Playwright.

The JD wait limit is short so that a test which stops the jd-reader sees the resumes
dead-lettered within seconds, as in the chaos suite.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import aio_pika
import pytest
from playwright.async_api import Browser, ConsoleMessage, Page, Request, Response, async_playwright

from cli.client import HrflowClient
from common.broker import Topology
from common.db import Mongo
from common.devsystem import System, free_port
from common.settings import CONNECTION_FIELDS, Settings, as_environment
from gateway.services import users
from samples.generate import make_corpus, make_jd
from tests.conftest import RUN_ID, ServiceUrls, make_settings

ROOT = Path(__file__).resolve().parents[2]
# `CONSOLE_SCREENSHOTS=docs/console` makes the browser tests save each page they reach there.
SCREENSHOTS = os.environ.get("CONSOLE_SCREENSHOTS", "")
WAIT_LIMIT_S = 5
PASSWORD = "console-password-123"
BROWSER_ZONE = "Pacific/Auckland"


@dataclass
class Console:
    """The running system and its two accounts."""

    system: System
    settings: Settings
    admin_email: str
    recruiter_email: str

    @property
    def url(self) -> str:
        return f"{self.system.gateway_url}/console"

    def client(self) -> HrflowClient:
        return HrflowClient(self.system.gateway_url, timeout_s=60)


@pytest.fixture(scope="package")
async def console(service_urls: ServiceUrls) -> AsyncIterator[Console]:
    """A started system with an admin and a recruiter account."""
    settings = make_settings(service_urls, f"k{RUN_ID}", retry_delays_ms=[200, 500, 1000])
    env = {
        **as_environment(settings, *CONNECTION_FIELDS, "retry_delays_ms", "max_attempts"),
        "GATEWAY_PORT": str(free_port()),
        "TRACKER_PORT": str(free_port()),
        "SHUTDOWN_GRACE_S": "5",
        "LOG_JSON": "true",
        "RETRY_WAIT_LIMIT_S": str(WAIT_LIMIT_S),
    }
    system = System(env, log_dir=ROOT / ".run" / "console-logs" / RUN_ID)
    mongo = Mongo(settings)
    emails = (f"admin-{RUN_ID}@console.example", f"recruiter-{RUN_ID}@console.example")
    try:
        for email, role in zip(emails, ("admin", "recruiter"), strict=True):
            await users.create_user(
                mongo,
                email=email,
                password=PASSWORD,
                role=role,
                first_name="Console",
                last_name=role.title(),
            )
        system.start(timeout_s=90)
        yield Console(system, settings, *emails)
    finally:
        system.stop()
        await mongo.drop_database()
        mongo.close()
        connection = await aio_pika.connect(settings.amqp_url)
        async with connection:
            await Topology.from_settings(settings).delete(await connection.channel())


def chromium_path() -> str:
    """Debian's chromium, which `make install` installs (never a downloaded browser)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Debian's chromium is missing: run `make install`"
    return found


@pytest.fixture(scope="package")
async def browser() -> AsyncIterator[Browser]:
    """One headless chromium for the module's tests."""
    async with async_playwright() as p:
        launched = await p.chromium.launch(executable_path=chromium_path())
        try:
            yield launched
        finally:
            await launched.close()


@dataclass
class Watched:
    """A page and what went wrong on it: console errors, failed and refused requests."""

    page: Page
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    left_behind: list[str] = field(default_factory=list)
    streams_closed: list[str] = field(default_factory=list)

    def clean(self) -> bool:
        return not (self.errors or self.failed or self.refused)

    def report(self) -> str:
        return f"console errors {self.errors}; failed {self.failed}; 4xx/5xx {self.refused}"


def watch(page: Page) -> Watched:
    """Record every console error, failed request and 4xx/5xx answer of `page`."""
    seen = Watched(page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            seen.errors.append(message.text)

    navigations = 0
    started_in: dict[Request, int] = {}
    open_streams: set[Request] = set()

    def on_request(request: Request) -> None:
        nonlocal navigations
        if request.is_navigation_request() and request.frame == page.main_frame:
            navigations += 1
        started_in[request] = navigations

    def on_failed(request: Request) -> None:
        # A request the page had in flight when it navigated away (a live stream, a fragment
        # refresh) is ended by the browser as the old document goes: that is the page leaving,
        # not a failure. Any other failed request, aborted or not, is recorded.
        left_behind = started_in.get(request, navigations) < navigations
        if request.failure == "net::ERR_ABORTED" and left_behind:
            seen.left_behind.append(request.url)
            return
        # An event stream that was open (200, text/event-stream) and is aborted was closed by
        # the page: it closes its stream once the workflow ends, often before the server's own
        # end of the stream arrives. A stream that never opened is a failure.
        if request.failure == "net::ERR_ABORTED" and request in open_streams:
            seen.streams_closed.append(request.url)
            return
        seen.failed.append(f"{request.method} {request.url}: {request.failure}")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            seen.refused.append(f"{response.status} {response.url}")
        elif response.headers.get("content-type", "").startswith("text/event-stream"):
            open_streams.add(response.request)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: seen.errors.append(str(exc)))
    page.on("request", on_request)
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    return seen


async def admins_workflow(
    console: Console,
    seed: int,
    title: str,
    count: int = 1,
    before_start: Callable[[], None] | None = None,
) -> str:
    """Start a workflow of `count` generated resumes as the admin (`before_start` runs once the
    files are uploaded, e.g. to stop an agent); returns its id."""
    client = console.client()
    try:
        await client.sign_in(console.admin_email, PASSWORD)
        jd = make_jd("software_engineering", seed)
        jd_id = await client.create_jd(title, jd.text)
        corpus = make_corpus(count, seed, jd=jd)
        resume_ids = [await client.upload_resume(r.filename, r.data) for r in corpus]
        if before_start is not None:
            before_start()
        return await client.start(jd_id, resume_ids, force_reprocess=True)
    finally:
        await client.close()


async def sign_in(browser: Browser, console: Console, email: str) -> Watched:
    """A new browser context signed in to the console as `email`."""
    # A zone far from UTC, so that times shown in the browser's zone are seen to be converted.
    context = await browser.new_context(
        viewport={"width": 1440, "height": 900}, timezone_id=BROWSER_ZONE, locale="en-GB"
    )
    page = await context.new_page()
    seen = watch(page)
    await page.goto(f"{console.url}/workflows")
    assert "/console/login" in page.url  # no session yet: the sign-in page, and back after
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await shoot(page, "login")
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url("**/console/workflows")
    return seen


async def shoot(page: Page, name: str) -> None:
    """Save a full-page screenshot as `<name>.png` when `CONSOLE_SCREENSHOTS` names a folder
    (Playwright makes the folder)."""
    if SCREENSHOTS:
        await page.screenshot(path=Path(SCREENSHOTS) / f"{name}.png", full_page=True)
