import QtQuick
import QtQuick.Controls
import QtTest
import Berth

// The Marketplace page against the devnet's five demo providers.
Item {
    id: root
    width: 1100
    height: 800

    MarketplacePage {
        id: page
        anchors.fill: parent
    }

    TestCase {
        name: "Marketplace"
        when: windowShown

        function child(name) {
            const found = findChild(page, name)
            verify(found !== null, "no item named " + name)
            return found
        }

        function initTestCase() {
            tryVerify(() => NodeHost.providers.loaded, 20000, "providers never loaded")
            tryCompare(child("providerList"), "count", 5, 5000)
        }

        function cleanup() {
            page.clearFilters()
            tryCompare(child("providerList"), "count", 5, 5000)
        }

        function test_loadedStateShowsEveryProvider() {
            verify(!child("loadingState").visible)
            verify(!child("errorState").visible)
            verify(!child("emptyState").visible)
            compare(child("providerCountLabel").text, "5 of 5 providers")
            // The first row is selected and its offers are listed.
            verify(page.selectedAddress.length > 0)
            verify(child("detailOffers").count >= 1)
        }

        function test_searchNarrowsTheList() {
            const search = child("searchField")
            search.forceActiveFocus()
            keyClick(Qt.Key_P); keyClick(Qt.Key_R); keyClick(Qt.Key_O)
            keyClick(Qt.Key_V); keyClick(Qt.Key_I); keyClick(Qt.Key_D)
            keyClick(Qt.Key_E); keyClick(Qt.Key_R); keyClick(Qt.Key_3)
            compare(search.text, "provider3")
            tryCompare(child("providerList"), "count", 1)
            search.text = "no such provider"
            tryCompare(child("providerList"), "count", 0)
            verify(child("emptyState").visible, "emptyState hidden: loaded=" + page.loaded + " count=" + child("providerList").count + " filtered=" + page.filtered)
            compare(child("emptyState").title, "No providers match")
        }

        function test_instanceTypeFilter() {
            const combo = child("instanceTypeCombo")
            const at = combo.find("gpu.a100")
            verify(at > 0)
            combo.currentIndex = at
            combo.activated(at)
            // provider2 and provider5 offer gpu.a100 in the devnet template.
            tryCompare(child("providerList"), "count", 2)
            const proxy = child("providerProxy")
            // Sorted by the gpu.a100 price: 0.00029 before 0.00032.
            compare(proxy.get(0).name, "provider5")
            compare(proxy.get(1).name, "provider2")
            // What one unit of the type is, from the chain's genesis.
            const resources = child("instanceTypeResources")
            verify(resources.visible)
            compare(resources.text, "gpu.a100: 8 vCPU · 32768 MiB · 512 processes per replica")
        }

        function test_invalidMaxPriceShowsAMessage() {
            const field = child("maxPriceField")
            field.text = "cheap"
            verify(child("priceErrorLabel").visible)
            verify(child("priceErrorLabel").text.length > 0)
            compare(child("providerList").count, 5)
            field.text = "0.000008"
            verify(!child("priceErrorLabel").visible)
            // provider2 (7) and provider3 (8) offer cpu.small at or below 0.000008 USDC/s.
            tryCompare(child("providerList"), "count", 2)
        }

        function test_selectingARowShowsItsOffers() {
            const list = child("providerList")
            const proxy = child("providerProxy")
            const last = proxy.get(4)
            list.positionViewAtIndex(4, ListView.Contain)
            const item = list.itemAtIndex(4)
            verify(item !== null)
            mouseClick(item)
            compare(page.selectedAddress, last.address)
            compare(child("detailName").text, last.name)
            compare(child("detailOffers").count, last.offers.length)
        }
    }
}
