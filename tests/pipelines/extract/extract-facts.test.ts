import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../../pipelines/extract/extract-facts.js';

/** `metric=value` (with `/denominator` and `~` for approximate) for compact assertions. */
function readFacts(text: string): string[] {
  return extractFacts(text).facts.map(
    (fact) =>
      `${fact.metric}=${fact.value}${fact.denominator === null ? '' : `/${fact.denominator}`}${fact.approx ? '~' : ''}`,
  );
}

describe('extractFacts: Vietnamese numbers', () => {
  it('reads a dot as a thousands separator', () => {
    expect(readFacts('Các đồn đã giúp dân 4.275 ngày công.')).toEqual(['labor_days_contributed=4275']);
  });

  it('reads a comma as the decimal mark', () => {
    expect(readFacts('Tỉnh có 112,7 km đường biên giới với Lào.')).toEqual(['border_length_km=112.7']);
  });

  it('reads a leading zero as an ordinary digit', () => {
    expect(readFacts('Đã kết nạp 07 đảng viên mới.')).toEqual(['new_party_members_admitted=7']);
  });

  it('reads a unit glued to the number', () => {
    expect(readFacts('Hỗ trợ 3.600kg gạo cho bà con.')).toEqual(['rice_aid_kg=3600']);
  });

  it('scales millions and billions of dong into dong', () => {
    expect(readFacts('Xử phạt vi phạm hành chính 12 vụ, nộp ngân sách nhà nước 450 triệu đồng.')).toEqual([
      'admin_violation_cases=12',
      'fines_collected_vnd=450000000',
    ]);
    expect(readFacts('Hàng hóa vi phạm trị giá 3,75 tỷ đồng bị thu giữ.')).toEqual([
      'seized_goods_value_vnd=3750000000',
    ]);
  });

  it('adds up compound amounts like 1 tỷ 200 triệu', () => {
    const text = 'Thu nộp vào ngân sách 1 tỷ 200 triệu đồng.';
    expect(readFacts(text)).toEqual(['fines_collected_vnd=1200000000']);
    expect(extractFacts(text).facts.map((fact) => text.slice(...fact.span))).toEqual(['1 tỷ 200']);
  });

  it('does not read an amount per person or per household as a total', () => {
    expect(readFacts('Hỗ trợ 50 hộ, mỗi hộ 2 triệu đồng; trợ cấp 500.000 đồng/người.')).toEqual([]);
  });

  it('scales counts written with nghìn or ngàn', () => {
    expect(readFacts('Thu giữ 12 nghìn viên ma túy tổng hợp.')).toEqual(['synthetic_drug_pills_seized=12000']);
    expect(readFacts('Thu giữ 5 ngàn viên hồng phiến.')).toEqual(['synthetic_drug_pills_seized=5000']);
  });

  it('converts tonnes and grams into kilograms', () => {
    expect(readFacts('Trao tặng 2,5 tấn gạo cho nhân dân vùng lũ.')).toEqual(['rice_aid_kg=2500']);
    expect(readFacts('Bắt giữ đối tượng, thu giữ 450 gam heroin.')).toEqual(['drugs_seized_kg=0.45']);
  });

  it('reads small spelled-out numbers carrying a metric', () => {
    expect(readFacts('Hai đồng chí giữ chức Bí thư đảng ủy xã; mười lăm đồng chí tham gia cấp ủy xã.')).toEqual([
      'bp_commune_party_secretaries=2',
      'bp_cadres_commune_committee=15',
    ]);
    expect(readFacts('Thu giữ hai mươi mốt bánh heroin.')).toEqual(['heroin_seized_cakes=21']);
  });

  it('does not read enumerations like Một là or Hai là as numbers', () => {
    expect(readFacts('Một là, củng cố chi bộ. Hai là, đồng chí Bí thư chỉ đạo.')).toEqual([]);
  });

  it('marks an amount approximate after gần, hơn, khoảng, trên, xấp xỉ or ước', () => {
    expect(readFacts('Tổ chức khám bệnh, cấp thuốc cho gần 900 lượt người.')).toEqual(['medical_examinations=900~']);
    expect(readFacts('Hàng hóa ước trị giá 1,1 tỷ đồng.')).toEqual(['seized_goods_value_vnd=1100000000~']);
    expect(readFacts('Giúp dân xấp xỉ 2.000 ngày công.')).toEqual(['labor_days_contributed=2000~']);
  });
});

describe('extractFacts: traps', () => {
  it('does not read a date as a count', () => {
    expect(readFacts('Ngày 18/12/2021 và ngày 05/02/2022, tháng 7/2023, hôm 3/3/1959 đã kết nạp 4 đảng viên.')).toEqual(
      ['new_party_members_admitted=4'],
    );
    expect(readFacts('Theo Chỉ thị 01/CT-TTg ngày 09-01-2015, củng cố 6 chi bộ.')).toEqual([
      'party_cells_consolidated=6',
    ]);
  });

  it('does not read years or terms as values', () => {
    expect(readFacts('Nhiệm kỳ 2015-2020, giai đoạn 2016 - 2020, năm 2023 có 11 đồng chí trúng cử HĐND xã.')).toEqual([
      'bp_council_deputies=11',
    ]);
  });

  it('does not read document numbers as values', () => {
    expect(
      readFacts(
        'Thực hiện Kết luận số 68-KL/TW, Quyết định 3270-QĐ/TU, Chỉ thị số 681 và Nghị quyết 12 về 5 đồn biên phòng.',
      ),
    ).toEqual(['border_posts=5']);
    expect(readFacts('Quy định số 04 đã được ban hành; Điều 249 Bộ luật Hình sự.')).toEqual([]);
  });

  it('does not read Roman numerals or ordinals as values', () => {
    expect(readFacts('Đại hội Đảng bộ tỉnh lần thứ XIII, khóa XVIII, Hội nghị lần thứ 6, đợt 2, thứ nhất.')).toEqual(
      [],
    );
  });

  it('never reads a percentage as a count', () => {
    expect(readFacts('100% cán bộ tham gia cấp ủy xã; 98 % đảng viên được kết nạp đúng quy trình.')).toEqual([]);
  });

  it('ignores vague amounts like hàng chục, hàng trăm and nhiều', () => {
    expect(readFacts('Hàng chục cán bộ, hàng trăm hộ dân và nhiều tổ tự quản đường biên đã tham gia.')).toEqual([]);
  });

  it('reads 293 tổ/ 2.771 người as two numbers, not a fraction', () => {
    expect(readFacts('Duy trì 150 tổ/ 1.830 người tự quản ANTT thôn, bản.')).toEqual([
      'selfmgmt_security_groups=150',
      'selfmgmt_security_individuals=1830',
    ]);
  });

  it('reads an adjacent X/Y on a ratio metric as a fraction', () => {
    expect(readFacts('Hiện có 12/14 đồng chí giữ chức Phó Bí thư đảng ủy xã.')).toEqual([
      'bp_commune_deputy_secretaries=12/14',
    ]);
  });

  it('keeps only the numerator of a fraction on a metric without ratios', () => {
    expect(readFacts('Tham mưu củng cố 30/32 chi bộ.')).toEqual(['party_cells_consolidated=30']);
  });

  it('does not read labels, times and codes as values', () => {
    expect(readFacts('Lúc 07:45, tại mốc 125, Tổ 3, Quốc lộ 4A, Km 42, phòng chống Covid-19, GMT+7.')).toEqual([]);
  });

  it('does not read a negated statement as a fact', () => {
    expect(readFacts('Còn 2 đồng chí cán bộ tăng cường xã chưa tham gia cấp ủy.')).toEqual([]);
    expect(readFacts('Có 4 đồng chí cán bộ tăng cường xã chưa tham gia cấp ủy.')).toEqual([]);
  });

  it('does not read a per-member rate as a total', () => {
    expect(readFacts('Bình quân mỗi đảng viên phụ trách 5 hộ gia đình.')).toEqual([]);
  });

  it('does not read a change against last year as a total', () => {
    expect(readFacts('Phát hiện, bắt giữ 120 vụ, tăng 15 vụ so với cùng kỳ.')).toEqual(['crime_cases_detected=120']);
  });

  it('does not read a target or plan as a result', () => {
    expect(readFacts('Năm 2024, phấn đấu kết nạp 40 đảng viên mới; dự kiến xây dựng 10 căn nhà đại đoàn kết.')).toEqual(
      [],
    );
  });

  it('reads nothing from a related-headline list', () => {
    const page =
      'Biên phòng tỉnh đã kết nạp 18 đảng viên mới trong năm qua, góp phần củng cố tổ chức đảng ở các xã biên giới vùng cao của tỉnh.\n\nTin liên quan\nBắt giữ 45 vụ buôn lậu tại cửa khẩu\nKhởi tố 12 bị can trong đường dây ma túy\n';
    expect(readFacts(page)).toEqual(['new_party_members_admitted=18']);
  });

  it('reads nothing from menus, a headline, a dateline or a byline', () => {
    const page =
      'Trang chủ | Quốc phòng | Biên giới\nĐồn Biên phòng bắt giữ 3 đối tượng, thu giữ 2 bánh heroin\n\nThứ Ba, 12/09/2023 09:15\n\nĐồn đã bắt giữ 1 đối tượng, thu giữ 4 bánh heroin.\n\nTRẦN VĂN BÌNH\n';
    expect(readFacts(page)).toEqual(['drug_suspects_detected=1', 'heroin_seized_cakes=4']);
  });

  it('reads terse report lines without full stops after the headline', () => {
    expect(
      readFacts(
        'Kết quả năm 2023\nBộ đội Biên phòng tỉnh bắt giữ 3 vụ buôn lậu\nBắt giữ 15 vụ, 20 đối tượng ma túy\nKhởi tố 10 vụ, 12 bị can\n',
      ),
    ).toEqual([
      'drug_cases_detected=15',
      'drug_suspects_detected=20',
      'criminal_cases_prosecuted=10',
      'criminal_defendants_prosecuted=12',
    ]);
  });

  it('reads the abbreviations đ/c, ĐV, CBCS, HĐND, ANTT and ĐBP like their long forms', () => {
    expect(
      readFacts(
        'Có 6 đ/c trúng cử HĐND xã; giới thiệu 20 ĐV về sinh hoạt tại chi bộ bản; cử 90 lượt CBCS giúp dân khắc phục hậu quả lũ.',
      ),
    ).toEqual(['bp_council_deputies=6', 'bp_members_in_village_cells=20', 'disaster_relief_deployments=90']);
    expect(readFacts('Tỉnh có 7 ĐBP; duy trì 40 tổ tự quản ANTT.')).toEqual([
      'border_posts=7',
      'selfmgmt_security_groups=40',
    ]);
  });

  it('reads the same facts from NFD text with old tone placement, NBSPs and CRLF', () => {
    const clean =
      'Củng cố, kiện toàn 14 chi bộ; hỗ trợ 1.200 kg gạo, 30 triệu đồng cho nhân dân vùng lũ ở khu vực biên giới của huyện Tuần Giáo, tỉnh Điện Biên.\n';
    const messy = clean
      .replace('Tuần Giáo', 'Tuần\u00a0Giáo')
      .replace(/ (\d)/g, '\u00a0$1')
      .replace(/\n/g, '\r\n')
      .replace('hòa', 'hoà')
      .normalize('NFD');
    expect(readFacts(messy)).toEqual(readFacts(clean));
    expect(readFacts(clean)).toEqual(['party_cells_consolidated=14', 'rice_aid_kg=1200', 'cash_aid_vnd=30000000']);
  });

  it('reads old tone placement the same as new', () => {
    expect(readFacts('Tham gia cấp uỷ xã có 8 đồng chí; thu giữ 3 kg ma tuý đá.')).toEqual(
      readFacts('Tham gia cấp ủy xã có 8 đồng chí; thu giữ 3 kg ma túy đá.'),
    );
    expect(readFacts('Thu giữ 3 kg ma tuý đá.')).toEqual(['drugs_seized_kg=3']);
  });

  it('reads list items marked with dashes, pluses, letters and numbers', () => {
    expect(
      readFacts(
        'Kết quả:\n- Khởi tố 12 vụ, 16 bị can;\na) Kết nạp 9 đảng viên mới\n2. Hỗ trợ 700 kg gạo\n• Xây dựng 3 nhà tình nghĩa',
      ),
    ).toEqual([
      'criminal_cases_prosecuted=12',
      'criminal_defendants_prosecuted=16',
      'new_party_members_admitted=9',
      'rice_aid_kg=700',
      'houses_built=3',
    ]);
  });

  it('joins a sentence broken across lines', () => {
    expect(readFacts('Các đồn đã phát hiện, bắt giữ 9 vụ,\n14 đối tượng buôn bán trái phép chất\nma túy.')).toEqual([
      'drug_cases_detected=9',
      'drug_suspects_detected=14',
    ]);
  });
});

describe('extractFacts: cadre rules', () => {
  it('reads cadres on district committees from tham gia cấp ủy huyện', () => {
    expect(readFacts('Cử 5 đồng chí tham gia cấp ủy 5 huyện biên giới.')).toEqual([
      'bp_cadres_district_committee=5',
      'border_districts=5',
    ]);
  });

  it('reads cadres on commune committees from tham gia cấp ủy', () => {
    expect(readFacts('Có 33 đồng chí tham gia vào cấp ủy xã.')).toEqual(['bp_cadres_commune_committee=33']);
  });

  it('reads committee members named cấp ủy viên by their level', () => {
    expect(readFacts('Có 42 đồng chí là cấp ủy viên cấp xã, 4 đồng chí là cấp ủy viên cấp huyện.')).toEqual([
      'bp_cadres_commune_committee=42',
      'bp_cadres_district_committee=4',
    ]);
  });

  it('reads commune party secretaries and deputies from the role after the noun', () => {
    expect(readFacts('Trong đó 3 đồng chí Bí thư, 21 đồng chí Phó Bí thư đảng ủy xã.')).toEqual([
      'bp_commune_party_secretaries=3',
      'bp_commune_deputy_secretaries=21',
    ]);
  });

  it('does not take a youth-union or cell secretary for a commune party secretary', () => {
    expect(readFacts('Có 3 đồng chí giữ chức Bí thư Đoàn xã; 2 đồng chí là Phó Bí thư chi bộ.')).toEqual([]);
  });

  it('reads key positions from chức danh chủ chốt', () => {
    expect(readFacts('Có 19 đồng chí giữ các chức danh chủ chốt của xã.')).toEqual(['bp_commune_key_positions=19']);
  });

  it('reads council deputies from trúng cử HĐND and its abbreviation', () => {
    expect(readFacts('Có 27/28 đ/c trúng cử HĐND cấp xã.')).toEqual(['bp_council_deputies=27/28']);
    expect(readFacts('Có 6 đồng chí trúng cử đại biểu Hội đồng nhân dân huyện.')).toEqual(['bp_council_deputies=6']);
    expect(readFacts('Hiện có 35 đồng chí là đại biểu HĐND xã.')).toEqual(['bp_council_deputies=35']);
  });

  it('reads reinforcement cadres and the communes they serve', () => {
    expect(readFacts('Giới thiệu 19 đồng chí cán bộ tăng cường cho 19/21 xã biên giới.')).toEqual([
      'bp_commune_reinforcement_cadres=19',
      'communes_with_bp_reinforcement=19/21',
    ]);
    expect(readFacts('Đã tăng cường 12 cán bộ về các xã biên giới.')).toEqual(['bp_commune_reinforcement_cadres=12']);
    expect(readFacts('Có 40 đồng chí sĩ quan được tăng cường về 40 xã biên giới.')).toEqual([
      'bp_commune_reinforcement_cadres=40',
      'communes_with_bp_reinforcement=40',
    ]);
  });

  it('reads party members attached to village cells and the cells themselves', () => {
    expect(readFacts('Giới thiệu 75 đảng viên về sinh hoạt tại 41 chi bộ bản.')).toEqual([
      'bp_members_in_village_cells=75',
      'village_cells_with_bp_members=41',
    ]);
    expect(readFacts('Có 20 ĐV đồn biên phòng tham gia sinh hoạt Đảng ở các chi bộ thôn, buôn.')).toEqual([
      'bp_members_in_village_cells=20',
    ]);
  });

  it('reads admitted party members from kết nạp', () => {
    expect(readFacts('Phối hợp kết nạp được 44 đảng viên mới.')).toEqual(['new_party_members_admitted=44']);
  });

  it('reads trained candidates from bồi dưỡng tạo nguồn, not from kết nạp', () => {
    expect(readFacts('Bồi dưỡng tạo nguồn 130 quần chúng ưu tú.')).toEqual(['party_candidates_trained=130']);
    expect(readFacts('Bồi dưỡng kiến thức cho 50 đối tượng.')).toEqual([]);
  });

  it('reads party cells established and consolidated by their verbs', () => {
    expect(readFacts('Thành lập mới 3 chi bộ bản; củng cố, kiện toàn được 26 chi bộ.')).toEqual([
      'party_cells_established=3',
      'party_cells_consolidated=26',
    ]);
  });

  it('reads consolidated socio-political organisations', () => {
    expect(readFacts('Củng cố 88 tổ chức chính trị - xã hội ở cơ sở.')).toEqual(['mass_orgs_consolidated=88']);
  });

  it('reads replaced local cadres from thay thế', () => {
    expect(readFacts('Đề xuất thay thế, bổ sung 23 cán bộ thôn, bản.')).toEqual(['local_cadres_replaced=23']);
  });

  it('reads households assigned to party members from phụ trách', () => {
    expect(readFacts('Phân công đảng viên phụ trách 930 hộ gia đình.')).toEqual(['households_assigned=930']);
  });
});

describe('extractFacts: crime rules', () => {
  it('reads drug cases, suspects and seizures from one sentence', () => {
    expect(
      readFacts(
        'Phát hiện, bắt giữ 15 vụ, 20 đối tượng mua bán trái phép chất ma túy, thu giữ 5 bánh heroin, 10.000 viên ma túy tổng hợp, 3,5 kg ma túy đá.',
      ),
    ).toEqual([
      'drug_cases_detected=15',
      'drug_suspects_detected=20',
      'heroin_seized_cakes=5',
      'synthetic_drug_pills_seized=10000',
      'drugs_seized_kg=3.5',
    ]);
  });

  it('reads prosecutions from khởi tố', () => {
    expect(readFacts('Khởi tố 60 vụ, 78 bị can.')).toEqual([
      'criminal_cases_prosecuted=60',
      'criminal_defendants_prosecuted=78',
    ]);
  });

  it('reads administrative sanctions and the fines paid', () => {
    expect(
      readFacts('Xử phạt vi phạm hành chính 196 vụ, 279 đối tượng, nộp ngân sách nhà nước hơn 1,2 tỷ đồng.'),
    ).toEqual(['admin_violation_cases=196', 'admin_violation_subjects=279', 'fines_collected_vnd=1200000000~']);
  });

  it('reads illegal border crossers', () => {
    expect(readFacts('Phát hiện 120 lượt người xuất, nhập cảnh trái phép.')).toEqual(['illegal_crossing_persons=120']);
  });

  it('reads smuggling cases and the value of the goods', () => {
    expect(readFacts('Bắt giữ 45 vụ buôn lậu, gian lận thương mại và hàng giả, hàng hóa trị giá 2,5 tỷ đồng.')).toEqual(
      ['smuggling_cases_detected=45', 'seized_goods_value_vnd=2500000000'],
    );
  });

  it('reads general totals when the clause names no crime type', () => {
    expect(readFacts('Phát hiện, bắt giữ, xử lý 347 vụ, 430 đối tượng.')).toEqual([
      'crime_cases_detected=347',
      'crime_suspects_detected=430',
    ]);
  });

  it('reads general totals when the clause names several crime types', () => {
    expect(readFacts('Bắt giữ 210 vụ, 305 đối tượng vi phạm pháp luật về ma túy, buôn lậu.')).toEqual([
      'crime_cases_detected=210',
      'crime_suspects_detected=305',
    ]);
  });

  it('keeps a total general when a breakdown follows it', () => {
    expect(readFacts('Phát hiện, bắt giữ 347 vụ, 430 đối tượng, trong đó ma túy 15 vụ, 20 đối tượng.')).toEqual([
      'crime_cases_detected=347',
      'crime_suspects_detected=430',
      'drug_cases_detected=15',
      'drug_suspects_detected=20',
    ]);
  });

  it('reads a passive statement with the verb after the noun', () => {
    expect(readFacts('Trong năm, 45 vụ buôn lậu bị bắt giữ; 347 vụ vi phạm khác bị phát hiện, xử lý.')).toEqual([
      'smuggling_cases_detected=45',
      'crime_cases_detected=347',
    ]);
  });

  it('reads a heading like ma túy: before a slash pair', () => {
    expect(readFacts('Trong đó, ma túy: 1.200 vụ/1.800 đối tượng.')).toEqual([
      'drug_cases_detected=1200',
      'drug_suspects_detected=1800',
    ]);
  });

  it('gives no metric to a crime type the catalog does not have', () => {
    expect(readFacts('Phát hiện 9 vụ đánh bạc với 41 đối tượng.')).toEqual([]);
  });

  it('does not count addicts or people reached by propaganda as suspects', () => {
    expect(readFacts('Quản lý 240 người nghiện ma túy, tuyên truyền cho 500 người về tác hại của ma túy.')).toEqual([]);
  });

  it('does not count precursor chemicals as drugs', () => {
    expect(readFacts('Thu giữ 1,5 tấn tiền chất ma túy.')).toEqual([]);
  });
});

describe('extractFacts: civic and scope rules', () => {
  it('shares a list topic across its members', () => {
    expect(readFacts('Duy trì 64 tổ, 702 hộ gia đình, 1.650 cá nhân tự quản mốc quốc giới.')).toEqual([
      'selfmgmt_marker_groups=64',
      'selfmgmt_marker_households=702',
      'selfmgmt_marker_individuals=1650',
    ]);
    expect(readFacts('Có 55 tổ, 610 hộ tự quản đường biên.')).toEqual([
      'selfmgmt_border_groups=55',
      'selfmgmt_border_households=610',
    ]);
  });

  it('reads works built for residents', () => {
    expect(readFacts('Bàn giao 3 giếng khoan, 9 căn nhà đại đoàn kết và 1 phòng khám quân dân y.')).toEqual([
      'wells_built=3',
      'houses_built=9',
      'clinics_built=1',
    ]);
  });

  it('does not count repaired houses as built', () => {
    expect(readFacts('Sửa chữa 6 ngôi nhà cho hộ nghèo.')).toEqual([]);
  });

  it('reads medical examinations and their value', () => {
    expect(readFacts('Khám, chữa bệnh miễn phí cho 1.430 lượt người, trị giá 52 triệu đồng.')).toEqual([
      'medical_examinations=1430',
      'medical_aid_value_vnd=52000000',
    ]);
  });

  it('reads disaster-relief deployments from the clause topic', () => {
    expect(readFacts('Điều động 320 lượt CBCS giúp nhân dân khắc phục hậu quả bão số 3.')).toEqual([
      'disaster_relief_deployments=320',
    ]);
  });

  it('does not read the value of gifts as cash aid', () => {
    expect(readFacts('Trao tặng 300 suất quà trị giá 150 triệu đồng.')).toEqual([]);
  });

  it('reads the border length, districts, communes and posts', () => {
    expect(readFacts('Tỉnh có 4 huyện, 21 xã biên giới, 11 đồn biên phòng và 245,5 km đường biên giới.')).toEqual([
      'border_districts=4',
      'border_communes=21',
      'border_posts=11',
      'border_length_km=245.5',
    ]);
  });

  it('reads the whole of a fraction as the size of the border area', () => {
    expect(readFacts('Có 17/19 xã biên giới có cán bộ đồn biên phòng tham gia cấp ủy.')).toEqual([
      'border_communes=19',
    ]);
  });

  it('does not read places acted on as the size of the border area', () => {
    expect(readFacts('Giúp củng cố cơ sở chính trị 5 xã biên giới, xây dựng 2 đồn biên phòng.')).toEqual([]);
  });

  it("does not read one post's sector as the province's border area", () => {
    expect(readFacts('Đồn Biên phòng Cù Bai được giao quản lý 25 km đường biên giới với 3 xã biên giới.')).toEqual([]);
    expect(readFacts('BĐBP tỉnh với 8 đồn biên phòng quản lý 280 km đường biên giới.')).toEqual([
      'border_posts=8',
      'border_length_km=280',
    ]);
  });

  it('does not read a patrol distance as the border length', () => {
    expect(readFacts('Các đồn tuần tra 1.500 km đường biên giới.')).toEqual([]);
  });

  it("does not count the neighbour country's posts", () => {
    expect(readFacts('Phối hợp với 4 đồn biên phòng của Lào tuần tra song phương.')).toEqual([]);
  });

  it('reads numbers that do not map to the catalog as nothing', () => {
    const prose =
      'Tổ chức 1.245 buổi tuyên truyền cho 48.500 lượt người nghe; hỗ trợ 50 con bò giống cho 50 hộ nghèo; trồng 120 ha rừng; đồn có 45 cán bộ, chiến sĩ; giải quyết 12 vụ tranh chấp đất đai; sơ tán 2.500 hộ dân, 3 người mất tích.';
    expect(readFacts(prose)).toEqual([]);
  });
});

describe('extractFacts: result shape', () => {
  it('points spans and evidence at the original text', () => {
    const text = 'Mở đầu.\r\n\r\nCó 26/27 cán bộ tăng cường xã giữ chức danh phó bí thư.\r\n';
    const [fact] = extractFacts(text).facts;
    expect(fact).toBeDefined();
    if (!fact) return;
    expect(text.slice(...fact.span)).toBe('26/27');
    expect(fact.evidence).toBe('Có 26/27 cán bộ tăng cường xã giữ chức danh phó bí thư.');
    expect(text.slice(...fact.evidenceSpan)).toBe(fact.evidence);
    expect(fact.unit).toBe('persons');
  });

  it('keeps offsets into NFD input', () => {
    const text = 'Thu giữ 3 kg ma túy đá; kết nạp 12 đảng viên mới.'.normalize('NFD');
    const facts = extractFacts(text).facts;
    expect(facts.map((fact) => text.slice(...fact.span))).toEqual(['3', '12']);
    expect(facts.every((fact) => text.slice(...fact.evidenceSpan) === fact.evidence)).toBe(true);
  });

  it('sorts facts by where their number starts', () => {
    const spans = extractFacts('Củng cố 9 chi bộ. Kết nạp 4 đảng viên. Giúp dân 80 ngày công.').facts.map(
      (fact) => fact.span[0],
    );
    expect(spans).toEqual([...spans].sort((left, right) => left - right));
    expect(spans).toHaveLength(3);
  });

  it('gives each fact the catalog unit of its metric', () => {
    const units = extractFacts('Hỗ trợ 500 kg gạo, 10 triệu đồng; có 80 km đường biên giới.').facts.map(
      (fact) => `${fact.metric}:${fact.unit}`,
    );
    expect(units).toEqual(['rice_aid_kg:kg', 'cash_aid_vnd:vnd', 'border_length_km:km']);
  });
});
