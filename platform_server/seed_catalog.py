"""The reference platform's seed catalog: high-frequency items with the full standardized guide
(办事指南). Written as code so that the fields every personal form shares are defined once."""

from __future__ import annotations

from api_schema.models import (
    Audience, FieldType, FormField, IdentitySource, Material, ServiceItem, Verification, VerificationFallback,
)

CATALOG_VERSION = "2026.11-seed.1"


def _name() -> FormField:
    return FormField(name="applicant_name", label="申请人姓名", label_en="Applicant name",
                     source=IdentitySource.NAME, max_length=60)


def _id_number() -> FormField:
    return FormField(name="id_number", label="公民身份号码", label_en="ID number",
                     type=FieldType.ID_NUMBER, source=IdentitySource.ID_NUMBER)


def _mobile() -> FormField:
    return FormField(name="mobile", label="手机号码", label_en="Mobile number", type=FieldType.MOBILE,
                     hint="用于接收办理结果短信", hint_en="For the text message with the result")


def _purpose(options: list[str], options_en: list[str]) -> FormField:
    return FormField(name="purpose", label="用途", label_en="Purpose", type=FieldType.SELECT,
                     options=options, options_en=options_en)


def _id_card_material() -> Material:
    return Material(code="M-ID", name="申请人有效身份证件", name_en="Applicant's valid ID document",
                    form="原件", note="在本机读卡即视为已提交", note_en="reading it on this kiosk counts as handing it in")


# Records the platform can tie to the mobile number on file accept an SMS code instead of the face
# check; the rest (a pension eligibility check proves the person is alive) only a staffed window.
_SMS_OR_WINDOW = [VerificationFallback.SMS, VerificationFallback.STAFF]
_PERSONAL_FIELDS = [_name(), _id_number(), _mobile()]
_PRINT_PROCEDURE = ["身份核验（刷证 + 人脸比对）", "选择证明类型与时间范围", "系统即时生成证明", "自助打印（带防伪二维码）"]
_PRINT_PROCEDURE_EN = ["Identity check (card + face match)", "Choose the certificate and its period",
                       "The certificate is issued at once", "Print it here (with an anti-forgery QR code)"]
_SELF_SERVICE_CONDITIONS = ["本人持有效居民身份证或社会保障卡在自助终端办理"]
_SELF_SERVICE_CONDITIONS_EN = ["You apply in person at the kiosk with a valid resident ID card or social security card"]
FREE, FREE_EN = "不收费", "Free of charge"


SEED_ITEMS: list[ServiceItem] = [
    ServiceItem(
        code="RS-0101", name="社保参保证明打印", name_en="Social insurance participation certificate",
        department="市人力资源和社会保障局", department_en="Human Resources and Social Security Bureau",
        theme="社会保障", audience=Audience.PERSONAL,
        summary="打印本人养老、失业、工伤保险的参保缴费证明，可用于购房、落户、入学等。",
        summary_en="Prints your own pension, unemployment and work-injury insurance contribution certificate, for "
                   "buying a home, household registration, school enrolment and more.",
        conditions_en=_SELF_SERVICE_CONDITIONS_EN + ["You have been insured in this city"],
        legal_basis_en=["Social Insurance Law of the PRC, Article 74",
                        "Measures on Personal Social Insurance Rights Records, Article 17"],
        conditions=_SELF_SERVICE_CONDITIONS + ["在本市参加过社会保险"],
        legal_basis=["《中华人民共和国社会保险法》第七十四条", "《社会保险个人权益记录管理办法》第十七条"],
        materials=[_id_card_material()],
        time_limit_legal_days=5, time_limit_promised_days=0, procedure=_PRINT_PROCEDURE,
        procedure_en=_PRINT_PROCEDURE_EN, fees=FREE, fees_en=FREE_EN,
        instant=True, verification=Verification.FACE,
        verification_fallback=_SMS_OR_WINDOW, keywords=["社保", "参保证明", "缴费证明"],
        form=_PERSONAL_FIELDS + [
            _purpose(["购房", "落户", "子女入学", "购车摇号", "其他"],
                     ["Buying a home", "Household registration", "Child's school enrolment", "Car licence lottery", "Other"]),
            FormField(name="months", label="证明时间范围（月）", label_en="Period (months)", type=FieldType.SELECT,
                      options=["12", "24", "36", "60"]),
        ],
    ),
    ServiceItem(
        code="GJJ-0201", name="住房公积金缴存证明", name_en="Housing provident fund deposit certificate",
        department="市住房公积金管理中心", department_en="Housing Provident Fund Management Center",
        theme="住房", audience=Audience.PERSONAL,
        summary="开具本人住房公积金账户缴存情况证明。",
        summary_en="Issues a certificate of the deposits into your housing provident fund account.",
        conditions_en=_SELF_SERVICE_CONDITIONS_EN + ["Your housing provident fund account is active or sealed"],
        legal_basis_en=["Regulations on the Administration of Housing Provident Funds, Article 19"],
        conditions=_SELF_SERVICE_CONDITIONS + ["住房公积金账户状态正常或封存"],
        legal_basis=["《住房公积金管理条例》第十九条"],
        materials=[_id_card_material()],
        time_limit_legal_days=3, time_limit_promised_days=0, procedure=_PRINT_PROCEDURE,
        procedure_en=_PRINT_PROCEDURE_EN, fees=FREE, fees_en=FREE_EN,
        instant=True, verification=Verification.FACE,
        verification_fallback=_SMS_OR_WINDOW, keywords=["公积金", "缴存证明"],
        form=_PERSONAL_FIELDS + [_purpose(["贷款", "租房", "其他"], ["Loan", "Renting", "Other"])],
    ),
    ServiceItem(
        code="BDC-0301", name="不动产登记信息查询（无房证明）",
        name_en="Real estate registration inquiry (no-property certificate)",
        department="市不动产登记中心", department_en="Real Estate Registration Center",
        theme="住房", audience=Audience.PERSONAL,
        summary="查询本人名下在本市的不动产登记信息，无登记记录的出具无房证明。",
        summary_en="Looks up the real estate registered in your name in this city; with no record, a no-property "
                   "certificate is issued.",
        legal_basis_en=["Interim Regulations on Real Estate Registration, Article 27",
                        "Interim Measures on Real Estate Registration Inquiries, Article 14"],
        conditions=_SELF_SERVICE_CONDITIONS, conditions_en=_SELF_SERVICE_CONDITIONS_EN,
        legal_basis=["《不动产登记暂行条例》第二十七条", "《不动产登记资料查询暂行办法》第十四条"],
        materials=[_id_card_material()],
        time_limit_legal_days=5, time_limit_promised_days=0, procedure=_PRINT_PROCEDURE,
        procedure_en=_PRINT_PROCEDURE_EN, fees=FREE, fees_en=FREE_EN,
        instant=True, verification=Verification.FACE, keywords=["不动产", "无房证明", "房产查询"],
        form=_PERSONAL_FIELDS + [_purpose(["购房资格审核", "公租房申请", "人才补贴", "其他"],
                                         ["Home purchase eligibility", "Public rental housing", "Talent subsidy", "Other"])],
    ),
    ServiceItem(
        code="SW-0401", name="个人所得税纳税记录开具", name_en="Individual income tax payment record",
        department="国家税务总局市税务局", department_en="Municipal Tax Service, State Taxation Administration",
        theme="税务", audience=Audience.PERSONAL,
        summary="开具本人个人所得税纳税记录（不含收入明细的可选）。",
        summary_en="Issues your individual income tax payment record (income details may be left out).",
        conditions_en=_SELF_SERVICE_CONDITIONS_EN + ["You have filed individual income tax"],
        legal_basis_en=["Individual Income Tax Law of the PRC",
                        "State Taxation Administration Announcement No. 55 of 2018 (tax payment records)"],
        conditions=_SELF_SERVICE_CONDITIONS + ["有个人所得税申报记录"],
        legal_basis=["《中华人民共和国个人所得税法》", "《国家税务总局关于将个人所得税〈税收完税证明〉（文书式）调整为〈纳税记录〉有关事项的公告》（2018年第55号）"],
        materials=[_id_card_material()],
        time_limit_legal_days=1, time_limit_promised_days=0, procedure=_PRINT_PROCEDURE,
        procedure_en=_PRINT_PROCEDURE_EN, fees=FREE, fees_en=FREE_EN,
        instant=True, verification=Verification.FACE,
        verification_fallback=_SMS_OR_WINDOW, keywords=["个税", "纳税记录", "完税证明"],
        form=_PERSONAL_FIELDS + [
            FormField(name="year_from", label="起始年份", label_en="From year", type=FieldType.NUMBER, max_length=4),
            FormField(name="year_to", label="截止年份", label_en="To year", type=FieldType.NUMBER, max_length=4),
        ],
    ),
    ServiceItem(
        code="RS-0102", name="养老保险待遇领取资格认证", name_en="Pension eligibility verification",
        department="市人力资源和社会保障局", department_en="Human Resources and Social Security Bureau",
        theme="社会保障", audience=Audience.PERSONAL,
        summary="领取养老保险待遇人员每年进行一次资格认证，刷脸即可完成。",
        summary_en="Pension recipients confirm their eligibility once a year: a face check is all it takes.",
        conditions_en=["You receive a basic pension in this city", "You come in person with a valid resident ID card"],
        legal_basis_en=["MOHRSS notice ending centralised eligibility checks for social insurance benefits (Ren She Ting Fa [2018] No. 107)"],
        procedure_en=["Read your ID card", "Face liveness check and comparison", "The result takes effect at once"],
        conditions=["本市领取基本养老保险待遇人员", "本人到场，持有效居民身份证"],
        legal_basis=["《人力资源社会保障部关于全面取消领取社会保险待遇资格集中认证的通知》（人社厅发〔2018〕107号）"],
        materials=[_id_card_material()],
        time_limit_legal_days=1, time_limit_promised_days=0,
        procedure=["刷身份证", "人脸活体检测与比对", "认证结果即时生效"], fees=FREE, fees_en=FREE_EN,
        instant=True, verification=Verification.FACE, keywords=["养老", "资格认证", "待遇认证", "年审"],
        form=_PERSONAL_FIELDS,
    ),
    ServiceItem(
        code="YB-0601", name="医保参保凭证打印", name_en="Medical insurance enrolment voucher",
        department="市医疗保障局", department_en="Healthcare Security Bureau",
        theme="医疗保障", audience=Audience.PERSONAL,
        summary="打印本人基本医疗保险参保凭证，用于异地就医、入学、入职等。",
        summary_en="Prints your basic medical insurance enrolment voucher, for treatment in another city, school "
                   "enrolment, a new job and more.",
        legal_basis_en=["List of medical security government services (Yi Bao Fa [2020] No. 18)"],
        conditions=_SELF_SERVICE_CONDITIONS, conditions_en=_SELF_SERVICE_CONDITIONS_EN,
        legal_basis=["《医疗保障经办政务服务事项清单》（医保发〔2020〕18号）"],
        materials=[_id_card_material()],
        time_limit_legal_days=1, time_limit_promised_days=0, procedure=_PRINT_PROCEDURE,
        procedure_en=_PRINT_PROCEDURE_EN, fees=FREE, fees_en=FREE_EN,
        instant=True, verification=Verification.CARD, keywords=["医保", "参保凭证"],
        form=_PERSONAL_FIELDS,
    ),
    ServiceItem(
        code="GA-0701", name="居住证签注", name_en="Residence permit annual endorsement",
        department="市公安局", department_en="Public Security Bureau",
        theme="户籍与证件", audience=Audience.PERSONAL,
        summary="居住证每满一年，在有效期满前30日内办理签注，逾期未签注的居住证使用功能中止。",
        summary_en="A residence permit is endorsed each year within 30 days before the year ends; without the "
                   "endorsement it stops working.",
        conditions_en=["You hold a residence permit of this city",
                       "You live here continuously with one of: a lawful stable home, a job, or studies"],
        legal_basis_en=["Interim Regulations on Residence Permits, Article 13"],
        procedure_en=["Identity check", "Fill in where you live", "Hand in the materials",
                      "Review by the police station", "A text message when the endorsement is done"],
        conditions=["持有本市居住证", "在本市连续居住且有合法稳定住所、就业或就读证明之一"],
        legal_basis=["《居住证暂行条例》第十三条"],
        materials=[
            _id_card_material(),
            Material(code="M-RES", name="居住证", name_en="Residence permit", form="原件"),
            Material(code="M-HOUSE", name="合法稳定住所证明（租赁合同或房产证）",
                     name_en="Proof of residence (lease or title deed)", form="复印件",
                     deferrable=True, defer_days=5, note="可容缺受理，5个工作日内补交",
                     note_en="accepted without it for now: hand it in within 5 working days"),
        ],
        time_limit_legal_days=15, time_limit_promised_days=1,
        procedure=["身份核验", "填写居住信息", "提交材料", "派出所审核", "签注完成短信通知"], fees=FREE, fees_en=FREE_EN,
        instant=False, verification=Verification.FACE, keywords=["居住证", "签注"],
        form=_PERSONAL_FIELDS + [
            FormField(name="residence_address", label="现居住地址", label_en="Current address", max_length=120),
            FormField(name="employer", label="工作单位", label_en="Employer", required=False, max_length=100),
        ],
    ),
    ServiceItem(
        code="GA-0702", name="无犯罪记录证明开具", name_en="Certificate of no criminal record",
        department="市公安局", department_en="Public Security Bureau",
        theme="户籍与证件", audience=Audience.PERSONAL,
        summary="为本人开具在本市有无犯罪记录的证明。",
        summary_en="Issues a certificate of whether you have a criminal record in this city.",
        conditions_en=["Registered in this city or living here", "You apply for yourself"],
        legal_basis_en=["Ministry of Public Security: Provisions on Criminal Record Inquiries (Gong Tong Zi [2021] No. 19)"],
        procedure_en=["Identity check", "State the purpose", "Search by the police",
                      "Certificate issued (printable here)"],
        conditions=["本市户籍人员或在本市居住的人员", "本人申请"],
        legal_basis=["《公安部关于印发〈公安机关办理犯罪记录查询工作规定〉的通知》（公通字〔2021〕19号）"],
        materials=[_id_card_material()],
        time_limit_legal_days=3, time_limit_promised_days=1,
        procedure=["身份核验", "填写用途", "公安机关查询", "出具证明（可在本机打印）"], fees=FREE, fees_en=FREE_EN,
        instant=False, verification=Verification.FACE, keywords=["无犯罪", "犯罪记录", "良民证"],
        form=_PERSONAL_FIELDS + [_purpose(["就业", "出国（境）", "入学", "其他"],
                                         ["Employment", "Going abroad", "School enrolment", "Other"])],
    ),
    ServiceItem(
        code="RS-0103", name="灵活就业人员参保登记", name_en="Social insurance registration for flexible workers",
        department="市人力资源和社会保障局", department_en="Human Resources and Social Security Bureau",
        theme="社会保障", audience=Audience.PERSONAL,
        summary="个体工商户和灵活就业人员以个人身份参加企业职工基本养老保险登记。",
        summary_en="Self-employed and flexible workers join the basic pension insurance for enterprise employees in "
                   "their own name.",
        conditions_en=["Aged 16 or over and below the statutory retirement age", "Not insured through an employer"],
        legal_basis_en=["Social Insurance Law of the PRC, Articles 10 and 58"],
        procedure_en=["Identity check", "Fill in the insurance details", "Review by the social insurance agency",
                      "A text message when registered"],
        conditions=["年满16周岁未达法定退休年龄", "无用人单位参保"],
        legal_basis=["《中华人民共和国社会保险法》第十条、第五十八条"],
        materials=[_id_card_material()],
        time_limit_legal_days=15, time_limit_promised_days=3,
        procedure=["身份核验", "填写参保信息", "社保经办机构审核", "登记完成短信通知"], fees=FREE, fees_en=FREE_EN,
        instant=False, verification=Verification.FACE, keywords=["灵活就业", "参保登记", "个体"],
        form=_PERSONAL_FIELDS + [
            FormField(name="contribution_base", label="缴费档次", label_en="Contribution level",
                      type=FieldType.SELECT, options=["60%", "80%", "100%", "150%", "200%", "300%"]),
            FormField(name="bank_account", label="银行扣款账号", label_en="Bank account for deduction", max_length=30),
        ],
    ),
    ServiceItem(
        code="YB-0602", name="城乡居民基本医疗保险参保登记",
        name_en="Urban and rural residents' medical insurance enrolment",
        department="市医疗保障局", department_en="Healthcare Security Bureau",
        theme="医疗保障", audience=Audience.PERSONAL,
        summary="未参加职工医保的城乡居民办理居民医保参保登记。",
        summary_en="Urban and rural residents without employee medical insurance enrol in resident medical insurance.",
        conditions_en=["Registered in this city or holding its residence permit",
                       "Not covered by employee basic medical insurance"],
        legal_basis_en=["State Council opinions on integrating urban and rural residents' basic medical insurance (Guo Fa [2016] No. 3)"],
        procedure_en=["Identity check", "Fill in the insurance details", "Review by the medical insurance agency",
                      "Cover starts once the contribution is paid"],
        fees_en="Free of charge (the yearly contribution is paid separately)",
        conditions=["本市户籍或持本市居住证", "未参加职工基本医疗保险"],
        legal_basis=["《国务院关于整合城乡居民基本医疗保险制度的意见》（国发〔2016〕3号）"],
        materials=[_id_card_material()],
        time_limit_legal_days=10, time_limit_promised_days=1,
        procedure=["身份核验", "填写参保信息", "医保经办机构审核", "缴费后参保生效"], fees="不收费（参保缴费按年度标准另行缴纳）",
        instant=False, verification=Verification.FACE, keywords=["居民医保", "参保登记"],
        form=_PERSONAL_FIELDS + [
            FormField(name="category", label="参保人员类别", label_en="Category", type=FieldType.SELECT,
                      options=["成年居民", "学生儿童", "老年居民", "新生儿"],
                      options_en=["Adult resident", "Student or child", "Elderly resident", "Newborn"]),
        ],
    ),
    ServiceItem(
        code="RS-0104", name="失业保险金申领", name_en="Unemployment benefit application",
        department="市人力资源和社会保障局", department_en="Human Resources and Social Security Bureau",
        theme="就业创业", audience=Audience.PERSONAL,
        summary="符合条件的失业人员申领失业保险金。",
        summary_en="Eligible unemployed people apply for unemployment benefit.",
        conditions_en=["You and your employer paid unemployment insurance for at least a year",
                       "You lost your job not of your own will",
                       "You registered as unemployed and are looking for work"],
        legal_basis_en=["Social Insurance Law of the PRC, Article 45",
                        "Regulations on Unemployment Insurance, Article 14"],
        procedure_en=["Identity check", "Fill in the application", "Review by the agency",
                      "Paid monthly into your social security card's bank account"],
        conditions=["失业前用人单位和本人已缴纳失业保险费满一年", "非因本人意愿中断就业", "已办理失业登记并有求职要求"],
        legal_basis=["《中华人民共和国社会保险法》第四十五条", "《失业保险条例》第十四条"],
        materials=[
            _id_card_material(),
            Material(code="M-TERM", name="解除或终止劳动合同证明", name_en="Proof of contract termination",
                     form="原件", deferrable=True, defer_days=10, note="可容缺受理，10个工作日内补交",
                     note_en="accepted without it for now: hand it in within 10 working days"),
        ],
        time_limit_legal_days=20, time_limit_promised_days=5,
        procedure=["身份核验", "填写申领信息", "经办机构审核", "按月发放至社保卡金融账户"], fees=FREE, fees_en=FREE_EN,
        instant=False, verification=Verification.FACE, keywords=["失业", "失业金", "失业保险"],
        form=_PERSONAL_FIELDS + [
            FormField(name="last_employer", label="原工作单位", label_en="Last employer", max_length=100),
            FormField(name="separation_date", label="离职日期", label_en="Separation date", type=FieldType.DATE,
                      hint="格式：2026-01-31", hint_en="Format: 2026-01-31"),
        ],
    ),
    ServiceItem(
        code="RS-0105", name="个人权益记录（社保缴费明细）查询打印",
        name_en="Social insurance contribution details",
        department="市人力资源和社会保障局", department_en="Human Resources and Social Security Bureau",
        theme="社会保障", audience=Audience.PERSONAL,
        summary="查询并打印本人社会保险逐月缴费明细。",
        summary_en="Looks up and prints your month-by-month social insurance contributions.",
        legal_basis_en=["Measures on Personal Social Insurance Rights Records, Article 17"],
        conditions=_SELF_SERVICE_CONDITIONS, conditions_en=_SELF_SERVICE_CONDITIONS_EN,
        legal_basis=["《社会保险个人权益记录管理办法》第十七条"],
        materials=[_id_card_material()],
        time_limit_legal_days=1, time_limit_promised_days=0, procedure=_PRINT_PROCEDURE,
        procedure_en=_PRINT_PROCEDURE_EN, fees=FREE, fees_en=FREE_EN,
        instant=True, verification=Verification.CARD, keywords=["缴费明细", "权益记录", "社保查询"],
        form=_PERSONAL_FIELDS,
    ),
    ServiceItem(
        code="SJ-0801", name="企业开办（设立登记）", name_en="Business start-up (establishment registration)",
        department="市市场监督管理局", department_en="Administration for Market Regulation",
        theme="企业开办", audience=Audience.ENTERPRISE,
        summary="有限责任公司设立登记，领取营业执照；可一并办理刻章、发票、社保登记。",
        summary_en="Registers a limited liability company and issues its business licence; seals, invoices and social "
                   "insurance registration can be done at the same time.",
        conditions_en=["The company name has been declared", "Shareholders as the articles of association require",
                       "A registered address"],
        legal_basis_en=["Company Law of the PRC, Article 29",
                        "Regulations on the Registration of Market Entities, Article 19"],
        procedure_en=["Identity check of the legal representative", "Fill in the company details",
                      "Upload the materials", "Review by market regulation",
                      "Receive the business licence (it can be posted)"],
        conditions=["名称已自主申报", "有符合章程规定的股东", "有公司住所"],
        legal_basis=["《中华人民共和国公司法》第二十九条", "《中华人民共和国市场主体登记管理条例》第十九条"],
        materials=[
            _id_card_material(),
            Material(code="M-ART", name="公司章程", name_en="Articles of association", form="电子"),
            Material(code="M-ADDR", name="住所使用证明", name_en="Proof of business premises", form="复印件",
                     deferrable=True, defer_days=30, note="园区集中登记地址可容缺",
                     note_en="may follow later for the park's central registration address"),
        ],
        time_limit_legal_days=3, time_limit_promised_days=1,
        procedure=["法定代表人身份核验", "填写设立信息", "上传材料", "市场监管部门审核", "领取营业执照（可邮寄）"],
        fees=FREE, fees_en=FREE_EN, instant=False, verification=Verification.FACE,
        keywords=["营业执照", "开公司", "企业开办", "设立登记", "qykb"],
        form=[
            _name(), _id_number(), _mobile(),
            FormField(name="company_name", label="企业名称", label_en="Company name", max_length=100),
            FormField(name="registered_capital", label="注册资本（万元）", label_en="Registered capital (10k CNY)",
                      type=FieldType.NUMBER, max_length=12),
            FormField(name="business_scope", label="经营范围", label_en="Business scope", type=FieldType.TEXTAREA,
                      max_length=1000),
            FormField(name="company_address", label="住所", label_en="Registered address", max_length=120),
        ],
    ),
    ServiceItem(
        code="RS-0901", name="惠企政策申报（稳岗返还）", name_en="Enterprise support: job stabilisation refund",
        department="市人力资源和社会保障局", department_en="Human Resources and Social Security Bureau",
        theme="惠企政策", audience=Audience.ENTERPRISE,
        summary="上年度未裁员或裁员率低于规定标准的参保企业，申请返还部分失业保险费。",
        summary_en="Insured enterprises that laid off no one last year, or stayed below the set rate, get part of "
                   "their unemployment insurance contributions back.",
        conditions_en=["Insured against unemployment and fully paid for at least a year",
                       "No layoffs last year, or a layoff rate not above the set standard",
                       "Not on the list of seriously untrustworthy entities"],
        legal_basis_en=["Regulations on Unemployment Insurance",
                        "Notice on continuing the unemployment insurance job stabilisation refund"],
        procedure_en=["Identity check of the person handling it", "Enter the unified social credit code",
                      "Confirm the company details", "Submit", "Refunded to the company's account after review"],
        conditions=["依法参加失业保险并足额缴费满一年", "上年度未裁员或裁员率不高于规定标准", "未被列入严重失信主体名单"],
        legal_basis=["《失业保险条例》", "《关于延续实施失业保险稳岗返还政策的通知》"],
        materials=[
            _id_card_material(),
            Material(code="M-LIC", name="营业执照", name_en="Business licence", form="电子",
                     note="系统自动调取，无需提交", note_en="fetched by the system: nothing to hand in"),
        ],
        time_limit_legal_days=20, time_limit_promised_days=10,
        procedure=["经办人身份核验", "录入统一社会信用代码", "确认企业信息", "提交申报", "审核后返还至企业账户"],
        fees=FREE, fees_en=FREE_EN, instant=False, verification=Verification.FACE,
        keywords=["惠企", "稳岗", "补贴", "政策申报", "wgfh"],
        form=[
            _name(), _id_number(), _mobile(),
            FormField(name="uscc", label="统一社会信用代码", label_en="Unified social credit code", type=FieldType.USCC),
            FormField(name="company_name", label="企业名称", label_en="Company name", max_length=100),
            FormField(name="bank_account", label="企业对公账号", label_en="Company bank account", max_length=30),
        ],
    ),
]
