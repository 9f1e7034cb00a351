/// The curated list of mobile and fixed operators of countries with a record of Internet
/// shutdowns, shipped with Tocsin: `asn,name,country,access,source` (CSV).
///
/// Every row was checked two ways: the AS name and the country of its networks in the IPFire
/// location database (2022-10-29), and a public source describing the operator, cited in the
/// `source` column. Operators' own files take precedence over this list.
enum CuratedNetworks {
    static let csv = #"""
asn,name,country,access,source
9198,Kazakhtelecom,KZ,fixed,Cloudflare blog 'Internet shut down in Kazakhstan amid unrest' (2022-01-05) https://blog.cloudflare.com/internet-shut-down-in-kazakhstan-amid-unrest/ ; https://privacyinternational.org./examples/4929/kazakhstan-government-shuts-down-internet-nationwide
50482,Kazakhtelecom,KZ,fixed,Cloudflare blog 'Internet shut down in Kazakhstan amid unrest' (2022-01-05) https://blog.cloudflare.com/internet-shut-down-in-kazakhstan-amid-unrest/
29355,Kcell,KZ,mobile,Cloudflare blog 'Internet shut down in Kazakhstan amid unrest' (2022-01-05) https://blog.cloudflare.com/internet-shut-down-in-kazakhstan-amid-unrest/ (Kcell named a leading mobile ASN)
21299,Beeline KZ (Kar-Tel),KZ,mobile,"https://puntocellulare.it/cgi-bin/amp_notizie.asp?id=1551 (Vimpelcom bought Kar-Tel, brand Beeline) ; https://www.datacenterdynamics.com/en/news/kazakhstan-government-shuts-down-internet-amid-protests/"
206026,Beeline KZ (Kar-Tel),KZ,mobile,https://puntocellulare.it/cgi-bin/amp_notizie.asp?id=1551
48503,Tele2/Altel (Mobile Telecom-Service),KZ,mobile,https://astanatimes.com/2024/06/qatar-holding-to-purchase-kazakh-telecommunications-company/ (Mobile Telecom-Service = Tele2 + ALTEL) ; Cloudflare blog 'Internet shut down in Kazakhstan amid unrest' (2022-01-05) https://blog.cloudflare.com/internet-shut-down-in-kazakhstan-amid-unrest/
29555,Tele2/Altel (Mobile Telecom-Service),KZ,mobile,https://astanatimes.com/2024/06/qatar-holding-to-purchase-kazakh-telecommunications-company/ ; libloc AS name Mobile Telecom-Service LLP
35104,Jusan Mobile,KZ,mobile,IPFire location database (type from AS name 'Jusan Mobile JSC' only; no independent public source found)
41798,Transtelecom,KZ,transit,http://capacitymedia.com/Article/3727600/Kcell-seeking-quotes-for-Kazakhstan-fibre-networks (one of three nationwide fibre backbones)
197207,MCI (Hamrah-e Avval),IR,mobile,https://blog.cloudflare.com/protests-internet-disruption-ir/
44244,Irancell,IR,mobile,https://filter.watch/english/2023/03/22/cloudflare-and-protests-in-sistan-and-baluchestan-become-targets-of-internet-disruptions ; https://filter.watch/en/?p=4060
57218,RighTel,IR,mobile,https://filter.watch/en/2021/09/15/network-monitor-august-2021/ ; https://filter.watch/en/?p=4060
58224,TCI (Mokhaberat),IR,fixed,https://blog.cloudflare.com/protests-internet-disruption-ir/ (TCI AS58224 fixed-line incumbent)
31549,Shatel,IR,fixed,https://financialtribune.com/articles/sci-tech/20886/shatel-plans-to-expand (largest private broadband provider)
16322,Pars Online,IR,fixed,https://financialtribune.com/articles/economy-sci-tech/30798/iran-s-top-adsl-providers-announced
43754,Asiatech,IR,fixed,https://financialtribune.com/articles/economy-sci-tech/30798/iran-s-top-adsl-providers-announced
50810,Mobinnet,IR,fixed,https://www.en.eghtesadonline.com/Section-technology-13/28698-iranian-isps-rated-by-users (fixed wireless/WiMAX provider)
12880,ITC (ex-DCI) gateway,IR,transit,https://rb.ax/blog/irans-bgp-behavior-under-fire (international gateway AS) ; http://www.circleid.com/posts/20090614_closer_look_at_iran_internet_strange_changes/
49666,TIC (Telecommunication Infrastructure Co.),IR,transit,https://rb.ax/blog/irans-bgp-behavior-under-fire (international gateway AS)
9988,MPT,MM,mixed,https://ooni.org/post/2021-myanmar-internet-blocks-and-outages/ (IODA: MPT AS9988) ; https://www.gnlm.com.mm/fibre-service-providers-see-strong-market-amidst-coronavirus-crisis/
133385,ATOM (ex-Telenor Myanmar),MM,mobile,https://ooni.org/post/2021-myanmar-internet-blocks-and-outages/ (Telenor AS133385) ; https://ooni.org/post/2022-state-of-internet-censorship-myanmar/ (Atom = former Telenor Myanmar)
132167,Ooredoo Myanmar,MM,mobile,https://ooni.org/post/2021-myanmar-internet-blocks-and-outages/ (Ooredoo AS132167) ; https://securityaffairs.com/106965/digital-id/internet-blocking-myanmar.html
136255,Mytel,MM,mobile,https://ooni.org/post/2021-myanmar-internet-blocks-and-outages/ (Mytel AS136255) ; https://dig.watch/updates/internet-shutdown-persists-myanmar-twelfth-consecutive-night
58952,Frontiir (MyanmarNet),MM,fixed,https://ooni.org/post/2021-myanmar-internet-blocks-and-outages/ (Frontiir AS58952) ; https://www.irrawaddy.com/news/burma/frontiir-receives-30m-investment-uks-cdc.html
18399,Yatanarpon Teleport (YTP),MM,fixed,https://ooni.org/post/2021-myanmar-internet-blocks-and-outages/ (YTP AS18399) ; https://connectivitybusiness.com/?p=10911 (ISP)
36998,Zain Sudan (SDN-MOBITEL),SD,mobile,https://pulse.internetsociety.org/shutdowns/disruptions-in-sudan ; https://mobileworldlive.com/e-and/etisalat-poised-to-land-mobile-license-in-sudan
36972,MTN Sudan,SD,mobile,https://ioda.inetintel.cc.gatech.edu/reports/technical-multi-stakeholder-report-on-internet-connectivity-the-case-of-sudan-conflict-2023/ ; https://mobileworldlive.com/e-and/etisalat-poised-to-land-mobile-license-in-sudan
15706,Sudatel (Sudani),SD,mixed,https://dyn.com/blog/internet-blackout-sudan/ (Sudatel incumbent) ; https://mobileworldlive.com/e-and/etisalat-poised-to-land-mobile-license-in-sudan (Sudani = Sudatel mobile arm)
33788,Canar Telecom (Kanartel),SD,fixed,https://pulse.internetsociety.org/shutdowns/disruptions-in-sudan (KanarTel AS33788) ; https://mobileworldlive.com/e-and/etisalat-poised-to-land-mobile-license-in-sudan (fixed-line operator)
24757,Ethio Telecom,ET,mixed,https://standardnewskenya.blogspot.com/2017/06/government-blocks-mobile-internet.html (BBC text: sole provider; mobile data and fixed broadband) ; https://capacitymedia.com/article/2apubd2dhyapsokv22akg/news/safaricom-launches-services-in-ethiopias-capital-city
29256,Syrian Telecom (STE),SY,mixed,https://dyn.com/blog/syrian-internet-shutdown/ (STE AS29256 sole domestic provider; SyriaTel 3G prefixes behind it) ; https://pulse.internetsociety.org/shutdowns/syria-shuts-down-internet-during-national-exams
59588,Zain Iraq (Atheer),IQ,mobile,https://blog.telegeography.com/iraq-and-roll-telecoms-in-kurdistan ; http://cordiantcap.com/fr/icf_debpt/zain-iraq-en-anglais (Atheer Telecom Iraq = Zain Iraq)
51684,Asiacell,IQ,mobile,https://blog.telegeography.com/iraq-and-roll-telecoms-in-kurdistan
59625,Korek Telecom,IQ,mobile,https://blog.telegeography.com/iraq-and-roll-telecoms-in-kurdistan
50710,Earthlink,IQ,fixed,https://dyn.com/blog/growth-iraqi-internet-come-north/ ; https://dyn.com/blog/iraqi-government-tries-fails-shut-internet/
50597,ScopeSky,IQ,fixed,https://dyn.com/blog/growth-iraqi-internet-come-north/
21277,Newroz Telecom,IQ,transit,https://dyn.com/blog/growth-iraqi-internet-come-north/ (Kurdish wholesale/transit for most of Iraq; also retail ISP)
44217,IQ Networks,IQ,transit,https://dyn.com/blog/growth-iraqi-internet-come-north/ (Kurdish wholesale/transit; also retail ISP in Sulaymaniyah)
55836,Reliance Jio,IN,mixed,https://www.lokmattimes.com/business/reliance-jio-becomes-largest-wired-broadband-provider-with-434-million-subscribers/ (largest wired and wireless provider)
45609,Airtel (mobile),IN,mobile,"https://blog.cloudflare.com/q2-2023-internet-disruption-summary/ (Manipur mobile data shutdown, AS45609 Airtel)"
24560,Airtel (broadband),IN,fixed,"https://telecomtalk.info/bsnl-reliance-jio-dip-in-broadband-subscribers/269910/ (Airtel 2nd largest wired broadband); registry descr 'Bharti Airtel Ltd., Telemedia Services'"
38266,Vi (Vodafone Idea),IN,mobile,https://www.lokmattimes.com/business/reliance-jio-becomes-largest-wired-broadband-provider-with-434-million-subscribers/ ; libloc AS name is 'Hutchison Max Telecom Limited' (legacy Vodafone India entity)
55410,Vi (Vodafone Idea),IN,mobile,https://www.lokmattimes.com/business/reliance-jio-becomes-largest-wired-broadband-provider-with-434-million-subscribers/ ; libloc AS name 'Vodafone Idea Ltd. (VIL)'
45271,Vi (ex-Idea Cellular),IN,mobile,http://www.worldofdth.com/threads/20961-Broadband-subscribers-increased-2-79-Reliance-Jio-added-nearly-4-mn-subs (Idea Cellular among top wireless providers); libloc AS name 'Idea Cellular Limited'
9829,BSNL,IN,mixed,https://blog.cloudflare.com/q2-2023-internet-disruption-summary/ (AS9829 BSNL) ; https://www.lokmattimes.com/business/reliance-jio-becomes-largest-wired-broadband-provider-with-434-million-subscribers/ (wired and wireless)
24309,ACT Fibernet,IN,fixed,https://telecomtalk.info/bsnl-reliance-jio-dip-in-broadband-subscribers/269910/
17488,Hathway,IN,fixed,https://telecomtalk.info/hathway-has-million-users-bsnl-continues-lose/304105/
45669,Jazz (Mobilink),PK,mobile,https://pulse.internetsociety.org/shutdowns/pakistan-blocks-mobile-internet-access-in-some-regions-amidst-protests (AS45669 Mobilink mobile network)
59257,Zong (CMPak),PK,mobile,https://www.phoneworld.com.pk/zong-shows-interest-to-purchase-ptcl/ (CMPAK = Zong) ; https://pakistansafetycoalition.org/govt-blocks-internet-to-stop-violence
24499,Telenor Pakistan,PK,mobile,https://www.telenor.com/media/newsroom/announcement/situation-in-pakistan/
56167,Ufone (PTML),PK,mobile,https://www.phoneworld.com.pk/zong-shows-interest-to-purchase-ptcl/ (Ufone = brand of Pak Telecom Mobile Ltd) ; https://pakistansafetycoalition.org/govt-blocks-internet-to-stop-violence
17557,PTCL,PK,fixed,https://www.phoneworld.com.pk/zong-shows-interest-to-purchase-ptcl/ (fixed line and wireline broadband) ; https://www.ptbp.pk/rs-20-billion-tax-evasion-by-cable-operators (also one of two submarine backbone providers)
38193,Transworld (TWA),PK,transit,https://www.ptbp.pk/rs-20-billion-tax-evasion-by-cable-operators (one of two submarine-cable backbone providers) ; https://lahoreherald.com/latest/48461-govt-decided-to-shut-down-internet-service-across-pakistan/
23674,Nayatel,PK,fixed,https://propakistani.pk/2020/11/16/things-are-changing-for-the-better-for-islamabads-home-broadband-users/ (FTTH)
12389,Rostelecom,RU,fixed,https://ict.moscow/en/news/mts-has-become-the-largest-private-internet-provider-in-russia/ (largest broadband provider)
8359,MTS,RU,mixed,https://ict.moscow/en/news/mts-has-become-the-largest-private-internet-provider-in-russia/ (home broadband + mobile) ; https://meduza.io/en/news/2025/07/29/russian-governor-asks-for-understanding-as-krasnoyarsk-region-enters-fourth-day-without-mobile-internet
31133,MegaFon,RU,mobile,"https://dailypopulous.com/2019-08-09-night/russian-authorities-secretly-shut-down-moscows-mobile-internet-report.html (Forbes: Moscow mobile internet, MTS/MegaFon/VimpelCom)"
16345,Beeline (VimpelCom) mobile,RU,mobile,https://meduza.io/en/news/2025/07/29/russian-governor-asks-for-understanding-as-krasnoyarsk-region-enters-fourth-day-without-mobile-internet ; https://ooni.org/post/2021-russia-blocks-tor/ (AS16345 VEON)
8402,Beeline (VimpelCom) home broadband,RU,fixed,http://www.rustele.com/new-russian-broadband-access-market-2011/print.html (Vimpelcom fixed broadband) ; RIPE route objects for AS8402 descr RU-CORBINA-BROADBAND-POOL / RU-BEELINE-BROADBAND-POOL2
12958,T2 (Tele2 Russia),RU,mobile,https://meduza.io/en/news/2025/07/29/russian-governor-asks-for-understanding-as-krasnoyarsk-region-enters-fourth-day-without-mobile-internet
"""#
}
