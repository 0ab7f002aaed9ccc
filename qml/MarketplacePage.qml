import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Berth

// The providers on chain, their offers and standing, with filters, sorting and a detail panel.
Item {
    id: page
    objectName: "marketplacePage"

    // The selected provider is remembered by address, so it survives sorting and new blocks.
    property string selectedAddress: ""
    Binding { target: NodeHost.providers; property: "selectedAddress"; value: page.selectedAddress }
    readonly property bool loaded: NodeHost.providers.loaded
    readonly property bool failed: NodeHost.error.length > 0
    readonly property bool filtered: proxy.instanceType.length > 0 || proxy.region.length > 0
                                     || proxy.maxPrice.length > 0 || proxy.search.length > 0

    // Column widths shared by the header and the rows.
    readonly property var columnWidths: [132, 80, 118, 76, 66, 42, 86, 52, 50, 40]

    ProviderFilterProxy {
        id: proxy
        objectName: "providerProxy"
        sourceModel: NodeHost.providers
        onCountChanged: page.selectFirstIfNone()
    }

    function selectFirstIfNone() {
        if (selectedAddress.length === 0 && proxy.count > 0)
            selectedAddress = proxy.get(0).address
    }

    function clearFilters() {
        proxy.clearFilters()
        typeCombo.currentIndex = 0
        regionCombo.currentIndex = 0
        maxPriceField.text = ""
        searchField.text = ""
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacingL
        spacing: Theme.spacingM

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingM
            Label {
                text: qsTr("Marketplace")
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
            }
            Label {
                objectName: "providerCountLabel"
                Layout.alignment: Qt.AlignBaseline
                visible: page.loaded
                text: qsTr("%1 of %2 providers").arg(proxy.count).arg(NodeHost.providers.count)
                color: Theme.textMuted
            }
            Item { Layout.fillWidth: true }
        }

        // Node failed after the providers had loaded: keep the list, say why it no longer updates.
        Rectangle {
            Layout.fillWidth: true
            visible: page.failed && page.loaded
            implicitHeight: bannerText.implicitHeight + 2 * Theme.spacingS
            radius: Theme.radius
            color: Theme.dangerSoft
            Label {
                id: bannerText
                objectName: "errorBanner"
                anchors.fill: parent
                anchors.margins: Theme.spacingS
                text: qsTr("The node stopped: %1").arg(NodeHost.error)
                color: Theme.danger
                wrapMode: Text.Wrap
            }
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS
            enabled: page.loaded

            ComboBox {
                id: typeCombo
                objectName: "instanceTypeCombo"
                Layout.preferredWidth: 170
                model: [qsTr("All instance types")].concat(NodeHost.providers.instanceTypes)
                onActivated: index => proxy.instanceType = index <= 0 ? "" : model[index]
                // A new list of types must not silently change what is selected.
                onModelChanged: currentIndex = Math.max(0, model.indexOf(proxy.instanceType))
            }
            ComboBox {
                id: regionCombo
                objectName: "regionCombo"
                Layout.preferredWidth: 150
                model: [qsTr("All regions")].concat(NodeHost.providers.regions)
                onActivated: index => proxy.region = index <= 0 ? "" : model[index]
                onModelChanged: currentIndex = Math.max(0, model.indexOf(proxy.region))
            }
            TextField {
                id: maxPriceField
                objectName: "maxPriceField"
                Layout.preferredWidth: 150
                placeholderText: qsTr("Max USDC/s")
                inputMethodHints: Qt.ImhFormattedNumbersOnly
                onTextChanged: proxy.maxPrice = text
                color: proxy.priceError.length > 0 ? Theme.danger : Theme.text
            }
            TextField {
                id: searchField
                objectName: "searchField"
                Layout.fillWidth: true
                placeholderText: qsTr("Search name, region or address")
                onTextChanged: proxy.search = text
            }
            Label {
                text: qsTr("Sort by")
                color: Theme.textMuted
            }
            ComboBox {
                id: sortCombo
                objectName: "sortCombo"
                Layout.preferredWidth: 140
                textRole: "text"
                valueRole: "key"
                model: [
                    { text: qsTr("Price"), key: ProviderFilterProxy.SortByPrice },
                    { text: qsTr("Name"), key: ProviderFilterProxy.SortByName },
                    { text: qsTr("Free capacity"), key: ProviderFilterProxy.SortByFreeCapacity },
                    { text: qsTr("Stake"), key: ProviderFilterProxy.SortByStake },
                    { text: qsTr("Slashes"), key: ProviderFilterProxy.SortBySlashes }
                ]
                currentIndex: Math.max(0, indexOfValue(proxy.sortKey))
                onActivated: proxy.sortKey = currentValue
            }
            Button {
                objectName: "sortOrderButton"
                Layout.preferredWidth: 110
                text: proxy.descending ? qsTr("Descending") : qsTr("Ascending")
                onClicked: proxy.descending = !proxy.descending
            }
        }

        Label {
            objectName: "instanceTypeResources"
            Layout.fillWidth: true
            readonly property string resources: NodeHost.instanceTypeResources(proxy.instanceType)
            visible: proxy.instanceType.length > 0 && resources.length > 0
            text: qsTr("%1: %2").arg(proxy.instanceType).arg(resources)
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }

        Label {
            objectName: "priceErrorLabel"
            Layout.fillWidth: true
            visible: text.length > 0
            text: proxy.priceError
            color: Theme.danger
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.Wrap
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacingM

            Rectangle {
                Layout.fillWidth: true
                Layout.fillHeight: true
                color: Theme.surface
                border.color: Theme.border
                radius: Theme.radius
                clip: true

                ColumnLayout {
                    anchors.fill: parent
                    anchors.margins: 1
                    spacing: 0

                    // Column headers; the sortable ones sort on click.
                    Rectangle {
                        Layout.fillWidth: true
                        implicitHeight: Theme.headerHeight
                        color: Theme.surfaceAlt
                        Row {
                            anchors.fill: parent
                            anchors.leftMargin: Theme.spacingM
                            Repeater {
                                model: [
                                    { title: qsTr("Provider"), key: ProviderFilterProxy.SortByName },
                                    { title: qsTr("Region"), key: -1 },
                                    { title: qsTr("Instance types"), key: -1 },
                                    { title: qsTr("USDC/s"), key: ProviderFilterProxy.SortByPrice },
                                    { title: qsTr("USDC/h"), key: -1 },
                                    { title: qsTr("Free"), key: ProviderFilterProxy.SortByFreeCapacity },
                                    { title: qsTr("Stake (POND)"), key: ProviderFilterProxy.SortByStake },
                                    { title: qsTr("Slashes"), key: ProviderFilterProxy.SortBySlashes },
                                    { title: qsTr("Score"), key: -1 },
                                    { title: qsTr("Jobs"), key: -1 }
                                ]
                                delegate: Label {
                                    required property var modelData
                                    required property int index
                                    width: page.columnWidths[index]
                                    height: parent.height
                                    verticalAlignment: Text.AlignVCenter
                                    elide: Text.ElideRight
                                    font.pixelSize: Theme.fontSmall
                                    font.bold: modelData.key >= 0 && proxy.sortKey === modelData.key
                                    color: font.bold ? Theme.accent : Theme.textMuted
                                    text: modelData.title + (font.bold ? (proxy.descending ? " ↓" : " ↑") : "")
                                    MouseArea {
                                        anchors.fill: parent
                                        enabled: modelData.key >= 0
                                        cursorShape: enabled ? Qt.PointingHandCursor : Qt.ArrowCursor
                                        onClicked: {
                                            if (proxy.sortKey === modelData.key)
                                                proxy.descending = !proxy.descending
                                            else
                                                proxy.sortKey = modelData.key
                                        }
                                    }
                                }
                            }
                        }
                        Rectangle {
                            anchors.bottom: parent.bottom
                            width: parent.width
                            height: 1
                            color: Theme.border
                        }
                    }

                    ListView {
                        id: list
                        objectName: "providerList"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        visible: page.loaded && proxy.count > 0
                        model: proxy
                        clip: true
                        reuseItems: true
                        boundsBehavior: Flickable.StopAtBounds
                        ScrollBar.vertical: ScrollBar {}

                        delegate: Rectangle {
                            id: row
                            required property int index
                            required property string address
                            required property string name
                            required property string region
                            required property var instanceTypes
                            required property string minPricePerSecond
                            required property string minPricePerHour
                            required property int freeCapacity
                            required property string stake
                            required property string stakeLocked
                            required property int slashes
                            required property string auditorScore
                            required property int activeJobs
                            readonly property bool selected: address === page.selectedAddress

                            width: ListView.view.width
                            height: Theme.rowHeight
                            color: selected ? Theme.accentSoft : (hover.hovered ? Theme.surfaceAlt : Theme.surface)

                            HoverHandler { id: hover }
                            TapHandler { onTapped: page.selectedAddress = row.address }

                            Row {
                                anchors.fill: parent
                                anchors.leftMargin: Theme.spacingM

                                Column {
                                    width: page.columnWidths[0]
                                    anchors.verticalCenter: parent.verticalCenter
                                    Label {
                                        width: parent.width - Theme.spacingS
                                        text: row.name
                                        font.bold: true
                                        color: Theme.text
                                        elide: Text.ElideRight
                                    }
                                    Label {
                                        width: parent.width - Theme.spacingS
                                        text: row.address.substring(0, 11) + "…" + row.address.substring(row.address.length - 4)
                                        font.family: Theme.monoFamily
                                        font.pixelSize: Theme.fontSmall
                                        color: Theme.textMuted
                                        elide: Text.ElideRight
                                    }
                                }
                                Label {
                                    width: page.columnWidths[1]
                                    anchors.verticalCenter: parent.verticalCenter
                                    text: row.region
                                    color: Theme.text
                                    elide: Text.ElideRight
                                }
                                Label {
                                    width: page.columnWidths[2] - Theme.spacingS
                                    anchors.verticalCenter: parent.verticalCenter
                                    text: row.instanceTypes.join(", ")
                                    color: Theme.text
                                    font.pixelSize: Theme.fontSmall
                                    wrapMode: Text.Wrap
                                    maximumLineCount: 2
                                    elide: Text.ElideRight
                                }
                                Item { width: Theme.spacingS; height: 1 }
                                Label {
                                    width: page.columnWidths[3]
                                    anchors.verticalCenter: parent.verticalCenter
                                    text: row.minPricePerSecond
                                    color: Theme.text
                                    font.family: Theme.monoFamily
                                    elide: Text.ElideRight
                                }
                                Label {
                                    width: page.columnWidths[4]
                                    anchors.verticalCenter: parent.verticalCenter
                                    text: row.minPricePerHour
                                    color: Theme.text
                                    font.family: Theme.monoFamily
                                    elide: Text.ElideRight
                                }
                                Label {
                                    width: page.columnWidths[5]
                                    anchors.verticalCenter: parent.verticalCenter
                                    text: row.freeCapacity
                                    color: row.freeCapacity > 0 ? Theme.text : Theme.textMuted
                                }
                                Column {
                                    width: page.columnWidths[6]
                                    anchors.verticalCenter: parent.verticalCenter
                                    Label {
                                        width: parent.width - Theme.spacingS
                                        text: row.stake
                                        color: Theme.text
                                        font.family: Theme.monoFamily
                                        elide: Text.ElideRight
                                    }
                                    Label {
                                        width: parent.width - Theme.spacingS
                                        text: qsTr("%1 locked").arg(row.stakeLocked)
                                        color: Theme.textMuted
                                        font.pixelSize: Theme.fontSmall
                                        elide: Text.ElideRight
                                    }
                                }
                                Label {
                                    width: page.columnWidths[7]
                                    anchors.verticalCenter: parent.verticalCenter
                                    text: row.slashes
                                    color: row.slashes > 0 ? Theme.danger : Theme.text
                                    font.bold: row.slashes > 0
                                }
                                Label {
                                    objectName: "auditorScoreLabel"
                                    width: page.columnWidths[8]
                                    anchors.verticalCenter: parent.verticalCenter
                                    text: row.auditorScore
                                    color: row.slashes > 0 ? Theme.danger : Theme.text
                                }
                                Label {
                                    width: page.columnWidths[9]
                                    anchors.verticalCenter: parent.verticalCenter
                                    text: row.activeJobs
                                    color: Theme.text
                                }
                            }
                            Rectangle {
                                anchors.bottom: parent.bottom
                                width: parent.width
                                height: 1
                                color: Theme.border
                            }
                        }
                    }

                    StatePlaceholder {
                        objectName: "loadingState"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        visible: !page.loaded && !page.failed
                        busy: true
                        title: qsTr("Loading providers…")
                        message: qsTr("Waiting for the embedded node to start.")
                    }
                    StatePlaceholder {
                        objectName: "errorState"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        visible: !page.loaded && page.failed
                        isError: true
                        title: qsTr("The node could not start")
                        message: NodeHost.error
                    }
                    StatePlaceholder {
                        objectName: "emptyState"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        visible: page.loaded && proxy.count === 0
                        title: page.filtered ? qsTr("No providers match") : qsTr("No providers yet")
                        message: page.filtered ? qsTr("Try another instance type, region or price.")
                                               : qsTr("No provider has registered on this chain.")
                        actionText: page.filtered ? qsTr("Clear filters") : ""
                        onActionTriggered: page.clearFilters()
                    }
                }
            }

            ProviderDetailPanel {
                objectName: "detailPanel"
                Layout.preferredWidth: Theme.detailWidth
                Layout.fillHeight: true
                // The model resends the selected provider whenever a block changes it.
                provider: NodeHost.providers.selected
            }
        }
    }
}
