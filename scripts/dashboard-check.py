#!/usr/bin/env python3
"""Drives the dashboard in headless Chromium (Debian chromium + chromium-driver, through
Selenium) and reports what a reader would meet, as one JSON object on stdout; the Swift
test `DashboardBrowserTests` states what it must be. Runs axe-core (the copy shipped in the
PyPI package axe-playwright-python) on every page for accessibility.

Usage: scripts/dashboard-check.py BASE_URL SCREENSHOT_DIR JSON_PAGES
JSON_PAGES: {"name": "/path", ...}; "overview", "country" and "event" get extra checks.
"""
import importlib.util
import json
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

WIDTHS = [(1280, 900), (390, 844)]


def browser(width, height):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--window-size={width},{height}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    return driver


def axe_source():
    spec = importlib.util.find_spec("axe_playwright_python")
    folder = list(spec.submodule_search_locations)[0]
    with open(os.path.join(folder, "axe.min.js"), encoding="utf-8") as f:
        return f.read()


def console(driver):
    return [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def accessibility(driver, axe):
    driver.execute_script(axe)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => "
        "({id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0] && v.nodes[0].target.join(' ')}))));")
    return result


def full_height_screenshot(driver, path, width):
    height = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 6000)")
    driver.set_window_size(width, max(height, 400))
    time.sleep(0.2)
    driver.save_screenshot(path)
    return os.path.getsize(path)


def overview_facts(driver):
    shapes = driver.find_elements(By.CSS_SELECTOR, "svg.map path[data-country]")
    states = {s.get_attribute("data-country"): s.get_attribute("data-state") for s in shapes}
    incidents = []
    for row in driver.find_elements(By.CSS_SELECTOR, "li.incident"):
        links = [a.get_attribute("href") for a in row.find_elements(By.CSS_SELECTOR, "ul.parts a")]
        incidents.append({"entity": row.get_attribute("data-entity"), "state": row.get_attribute("data-state"),
                          "parts": [l.split("id=")[-1] for l in links if "/entity?" in l]})
    return {"shapes": len(shapes), "states": states, "incidents": incidents}


def hover_facts(driver):
    """Points at the middle of the first chart; returns the read-out's text."""
    chart = driver.find_element(By.CSS_SELECTOR, "svg.chart")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", chart)
    ActionChains(driver).move_to_element(chart).perform()
    time.sleep(0.3)
    tips = [t for t in driver.find_elements(By.CSS_SELECTOR, ".chart-tip") if t.is_displayed()]
    hover = tips[0].text if tips else ""
    # The keyboard reads it too: focus and step right.
    ActionChains(driver).move_to_element(driver.find_element(By.TAG_NAME, "h1")).perform()
    driver.execute_script("arguments[0].focus()", chart)
    ActionChains(driver).send_keys(Keys.ARROW_LEFT).perform()
    time.sleep(0.2)
    tips = [t for t in driver.find_elements(By.CSS_SELECTOR, ".chart-tip") if t.is_displayed()]
    return {"hover": hover, "keyboard": tips[0].text if tips else ""}


def zoom_facts(driver, path):
    """Drags across the middle fifth of the first chart; returns where the browser went."""
    chart = driver.find_element(By.CSS_SELECTOR, "svg.chart")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", chart)
    width = chart.size["width"]
    ActionChains(driver).move_to_element_with_offset(chart, -width // 10, 0).click_and_hold() \
        .move_by_offset(width // 10, 0).move_by_offset(width // 10, 0).release().perform()
    time.sleep(1.5)
    shown = driver.find_elements(By.CSS_SELECTOR, "a.permalink")
    return {"url": driver.current_url, "permalink": shown[0].get_attribute("href") if shown else ""}


def search_facts(driver, base, query):
    driver.get(base + "/")
    box = driver.find_element(By.ID, "q")
    box.send_keys(query)
    box.send_keys(Keys.ENTER)
    time.sleep(1)
    return [a.get_attribute("href").split("id=")[-1] for a in driver.find_elements(By.CSS_SELECTOR, "ul.found a")]


def main():
    base, shots, pages = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    os.makedirs(shots, exist_ok=True)
    axe = axe_source()
    report = {"pages": {}}
    for width, height in WIDTHS:
        driver = browser(width, height)
        try:
            for name, path in pages.items():
                driver.set_window_size(width, height)
                driver.get(base + path)
                page = {"title": driver.title, "lang": driver.find_element(By.TAG_NAME, "html").get_attribute("lang")}
                page["console"] = console(driver)
                # A hostile entity name in the scenario tries to set window.pwned.
                page["pwned"] = driver.execute_script("return window.pwned === undefined ? null : String(window.pwned)")
                page["hostileShown"] = "&lt;script&gt;window.pwned=1" in driver.page_source
                page["violations"] = accessibility(driver, axe)
                page["overflow"] = driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1")
                if name == "overview":
                    page.update(overview_facts(driver))
                if name in ("country", "event"):
                    page.update(hover_facts(driver))
                page["screenshot"] = full_height_screenshot(driver, os.path.join(shots, f"{name}-{width}.png"), width)
                page["console"] += console(driver)
                report["pages"][f"{name}@{width}"] = page
            if width == 1280:
                driver.set_window_size(width, height)
                driver.get(base + pages["country"])
                report["zoom"] = zoom_facts(driver, pages["country"])
                report["search"] = {q: search_facts(driver, base, q) for q in ["Kcell", "29355", "kazakh"]}
                driver.get(base + "/?lang=fr")
                report["french"] = {"lang": driver.find_element(By.TAG_NAME, "html").get_attribute("lang"),
                                    "h1": driver.find_element(By.TAG_NAME, "h1").text}
                driver.get(base + "/")  # the language sticks (a cookie)
                report["french"]["next"] = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
                report["console"] = console(driver)
        finally:
            driver.quit()
    json.dump(report, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
