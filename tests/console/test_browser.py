"""The console in a real browser (Debian's chromium through Playwright) against a whole running
system: sign in, the list, a workflow's page updating live, a failed resume's reason, dead
letters listed and replayed from the page, and what a recruiter may not see. Every page is
watched for console errors, failed requests and refused answers."""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from playwright.async_api import Browser, expect

from common.broker.dlq import DeadLetters
from scripts.demo import demo
from tests.console.conftest import PASSWORD, Console, admins_workflow, shoot, sign_in

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.timeout(420)]
LONG_MS = 120_000  # a loaded CI machine runs the agents slowly; the assertions wait for them


async def test_a_demo_run_is_listed_with_its_failed_resume_result_and_reports(
    console: Console, browser: Browser
):
    # Given a run of `make demo`'s flow (its recruiter, its corpus with one blank scan)
    outcome = await demo(console.system.gateway_url)
    workflow_id = outcome.workflow_id
    # When an admin signs in, the list shows it completed
    seen = await sign_in(browser, console, console.admin_email)
    page = seen.page
    row = page.locator("tr", has=page.locator(f"a[href='/console/workflows/{workflow_id}']"))
    await expect(row).to_contain_text("completed")
    await expect(row).to_contain_text("demo@hrflow.example")
    await shoot(page, "workflows")
    # Times read in the browser's zone, UTC on hover
    started = row.locator("time")
    utc = await started.get_attribute("title")
    assert utc and utc.endswith("UTC") and "UTC" not in await started.inner_text()
    # Filters live in the URL: a status filter leaves the completed run out, and clearing it
    await page.get_by_label("Status").select_option("failed")
    await page.get_by_role("button", name="Filter").click()
    await page.wait_for_url(re.compile(r"/console/workflows\?status=failed"))
    await expect(row).to_have_count(0)
    await page.get_by_role("link", name="Clear").click()
    await expect(row).to_have_count(1)
    # Then its page shows the blank scan failed, with the reason code
    await row.get_by_role("link", name=workflow_id).click()
    await expect(page.locator("#wf-status")).to_have_text("completed")
    failed = page.locator("tr.outcome-failed")
    await expect(failed).to_have_count(1)
    await expect(failed).to_contain_text("no_text_layer")
    await expect(failed).to_contain_text("blank-scan.pdf")
    await expect(page.locator("svg.chart rect[class^=state-completed]")).to_have_count(4)
    await shoot(page, "workflow")
    # And a scored resume's explained result lists every requirement with its status
    await page.locator("tr.outcome-scored a").first.click()
    requirements = page.get_by_role("table", name="Requirements")
    await expect(requirements.locator("tbody tr").first).to_be_visible()
    assert await requirements.locator("tr.req-met, tr.req-partial, tr.req-missing").count() > 0
    await expect(page.get_by_text("Why this category:")).to_be_visible()
    await shoot(page, "result")
    # And the export carries the execution and its resumes
    exported = await page.request.get(f"{console.url}/workflows/{workflow_id}/export.json")
    body = json.loads(await exported.text())
    assert body["execution"]["workflow_id"] == workflow_id
    assert len(body["resumes"]) == outcome.execution["total_resumes"]
    # And the reports page draws today's throughput
    await page.goto(f"{console.url}/reports")
    await expect(
        page.get_by_role("img", name="Workflows started and resumes scored per day")
    ).to_be_visible()
    await shoot(page, "reports")
    csv = await page.request.get(f"{console.url}/reports.csv?kind=agents")
    assert csv.ok and "resume-extractor" in await csv.text()
    assert seen.clean(), seen.report()


async def test_a_workflow_page_updates_live_and_its_dead_letters_are_replayed_from_it(
    console: Console, browser: Browser
):
    system = console.system

    def extractor_and_jd_reader_down() -> None:
        system.kill("resume-extractor")
        system.kill("jd-reader")

    # Given the extractor and the jd-reader are down when the workflow starts
    workflow_id = await admins_workflow(
        console, 5, "Console live test", 4, before_start=extractor_and_jd_reader_down
    )
    seen = await sign_in(browser, console, console.admin_email)
    page = seen.page
    await page.goto(f"{console.url}/workflows/{workflow_id}")
    extractor = page.locator("#agent-resume-extractor [data-field=processed]")
    await expect(extractor).to_have_text("0 / 4")
    await page.evaluate("window.notReloaded = true")
    # When the extractor comes back, the page follows without a reload
    await asyncio.to_thread(system.restart, "resume-extractor")
    await expect(extractor).to_have_text("4 / 4", timeout=LONG_MS)
    await expect(page.locator("#wf-percentage")).not_to_have_text("0%", timeout=LONG_MS)
    assert await page.evaluate("window.notReloaded === true")
    # And, with no JD profile, scoring is dead-lettered; the page lists it live
    await expect(page.get_by_role("table", name="Dead letters recorded")).to_be_visible(
        timeout=LONG_MS
    )
    dead = DeadLetters(console.settings)
    for _ in range(LONG_MS // 500):
        if len(await dead.show("hr-comparator", workflow_id, limit=None)) == 4:
            break
        await asyncio.sleep(0.5)
    # The queues page counts them, the dead-letter page groups them by workflow and reason
    await page.goto(f"{console.url}/queues")
    await expect(page.locator("#queue-hr-comparator a[data-dead]")).not_to_have_text("0")
    await shoot(page, "queues")
    await page.locator("#queue-hr-comparator a[data-dead]").click()
    grouped = page.get_by_role("table", name="Dead letters by workflow and reason")
    mine = grouped.locator("tr", has=page.locator(f"a[href='/console/workflows/{workflow_id}']"))
    await expect(mine).to_contain_text("4")
    await shoot(page, "dead-letters")
    # When the jd-reader is back and the admin replays them from the workflow's page
    await asyncio.to_thread(system.restart, "jd-reader")
    await page.goto(f"{console.url}/workflows/{workflow_id}")
    jd_reader = page.locator("#agent-jd-reader [data-field=status]")
    await expect(jd_reader).to_have_text("completed", timeout=LONG_MS)
    await shoot(page, "workflow-dead-letters")
    await page.get_by_role("button", name="Replay 4 to hr-comparator").click()
    await expect(page.get_by_role("status")).to_contain_text("sent back")
    # Then the workflow completes, live, with every resume scored
    await expect(page.locator("#wf-status")).to_have_text("completed", timeout=LONG_MS)
    client = console.client()
    await client.sign_in(console.admin_email, PASSWORD)
    execution = await client.execution(workflow_id)
    assert execution["metrics"]["candidates_scored"] == 4
    assert await dead.show("hr-comparator", workflow_id, limit=None) == []
    await client.close()
    assert seen.clean(), seen.report()


async def test_a_recruiter_sees_neither_an_admins_workflow_nor_the_queues(
    console: Console, browser: Browser
):
    # Given a workflow an admin started
    workflow_id = await admins_workflow(console, 9, "Admin's JD")
    # When a recruiter signs in
    seen = await sign_in(browser, console, console.recruiter_email)
    page = seen.page
    # Then the list does not show it (the recruiter has none: the empty state says what to do),
    # the nav has no queues, and both pages are refused
    await expect(page.locator("p.empty")).to_contain_text("make demo")
    await expect(page.locator(f"a[href='/console/workflows/{workflow_id}']")).to_have_count(0)
    await expect(page.get_by_role("link", name="Queues")).to_have_count(0)
    answer = await page.goto(f"{console.url}/workflows/{workflow_id}")
    assert answer is not None and answer.status == 404
    answer = await page.goto(f"{console.url}/queues")
    assert answer is not None and answer.status == 403
    await expect(page.get_by_role("alert")).to_contain_text("Only administrators")
    await shoot(page, "recruiter-refused")
    # (the browser logs each refused page load, and nothing else went wrong)
    assert [r.split(" ")[0] for r in seen.refused] == ["404", "403"], seen.report()
    assert len(seen.errors) == 2 and not seen.failed, seen.report()
    assert all(e.startswith("Failed to load resource") for e in seen.errors), seen.report()
    # And signing out ends the session: the list asks to sign in again
    await page.goto(f"{console.url}/workflows")
    await page.get_by_role("button", name="Sign out").click()
    await page.wait_for_url("**/console/login")
    await page.goto(f"{console.url}/workflows")
    assert "/console/login" in page.url
